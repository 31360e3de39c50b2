package dev.airlock.approval;

import dev.airlock.AirlockException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Builds the approver chain that {@code --approver SPEC} names, e.g. {@code terminal} or {@code command:./review,queue}. */
public final class Approvers {

    private static final String ALLOWED = "terminal, queue, deny or command:PROGRAM; chain them with commas,"
            + " e.g. --approver command:./review,queue";

    /**
     * What approvers need from the session.
     *
     * @param queue    the approval queue (under the state directory)
     * @param notices  where the queue tells the user how to answer (stderr)
     * @param terminal the terminal approver, made only when named
     */
    public record Context(ApprovalQueue queue, Consumer<String> notices, Supplier<TerminalApprover> terminal) {
        public Context {
            Objects.requireNonNull(queue);
            Objects.requireNonNull(notices);
            Objects.requireNonNull(terminal);
        }
    }

    private Approvers() {
    }

    /** The default spec: {@code terminal} when a person is at a terminal, else {@code deny} (fail closed). */
    public static String defaultSpec(boolean interactive) {
        return interactive ? "terminal" : "deny";
    }

    /** The chain {@code spec} names; a usage error, saying what is allowed, for anything else. */
    public static ApproverChain parse(String spec, Context context) {
        if (spec == null || spec.isBlank()) {
            throw AirlockException.usage("--approver is empty", "name an approver: " + ALLOWED);
        }
        List<Approver> chain = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String item = raw.strip();
            if (item.startsWith("command:")) {
                String program = item.substring("command:".length()).strip();
                if (program.isEmpty()) {
                    throw AirlockException.usage("--approver '" + spec + "': command: needs a program",
                            "write command:PROGRAM, e.g. command:./review or command:/usr/local/bin/policy --strict");
                }
                chain.add(new CommandApprover(program));
                continue;
            }
            chain.add(switch (item) {
                case "terminal" -> context.terminal().get();
                case "queue" -> new QueueApprover(context.queue(), context.notices());
                case "deny" -> DenyApprover.chosen();
                default -> throw AirlockException.usage(item.isEmpty()
                        ? "--approver '" + spec + "' has an empty item" : "unknown approver '" + item + "'"
                        + (item.equals(spec.strip()) ? "" : " in --approver '" + spec + "'"), "approvers: " + ALLOWED);
            });
        }
        return new ApproverChain(chain);
    }
}
