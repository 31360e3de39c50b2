package dev.airlock.approval;

import dev.airlock.text.Clean;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code --approver queue}: puts the request in the {@link ApprovalQueue} and waits, until the deadline, for
 * {@code airlock approve} or {@code airlock deny} from another terminal. Tells the user how to answer.
 */
public final class QueueApprover implements Approver {

    private final ApprovalQueue queue;
    private final Consumer<String> notices;

    /** @param notices where to say that a request waits and how to answer it (the user's stderr) */
    public QueueApprover(ApprovalQueue queue, Consumer<String> notices) {
        this.queue = Objects.requireNonNull(queue);
        this.notices = Objects.requireNonNull(notices);
    }

    @Override
    public Answer answer(ApprovalRequest request, Instant deadline) {
        queue.submit(request, deadline);
        notices.accept("airlock: `" + Clean.line(request.command()) + "` needs " + request.neededProfile()
                + "; approval request " + request.id() + " waits up to "
                + Texts.duration(Duration.between(Instant.now(), deadline)) + " for an answer.\n"
                + "  from another terminal: airlock approvals; airlock approve " + request.id()
                + (request.offersSession() ? " [--scope session]" : "") + "   or: airlock deny " + request.id());
        return queue.await(request.id(), deadline);
    }

    @Override
    public boolean person() {
        return true;
    }

    @Override
    public String name() {
        return "queue";
    }
}
