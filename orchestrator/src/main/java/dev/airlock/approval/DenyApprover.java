package dev.airlock.approval;

import java.time.Instant;
import java.util.Objects;

/** Denies every request, saying why: the fail-closed default when no person can be asked. */
public final class DenyApprover implements Approver {

    private final String reason;

    public DenyApprover(String reason) {
        this.reason = Objects.requireNonNull(reason);
    }

    /** The default without a terminal. */
    public static DenyApprover noTerminal() {
        return new DenyApprover("no approver: Airlock was run without a terminal; use --approver queue (and"
                + " answer with `airlock approve ID` from another terminal) or --approver command:PROGRAM");
    }

    /** {@code --approver deny}, chosen by the user. */
    public static DenyApprover chosen() {
        return new DenyApprover("approvals are off (--approver deny); use --approver terminal or queue to be asked");
    }

    @Override
    public Answer answer(ApprovalRequest request, Instant deadline) {
        return new Answer.Denied(reason, name());
    }

    @Override
    public String name() {
        return "deny";
    }
}
