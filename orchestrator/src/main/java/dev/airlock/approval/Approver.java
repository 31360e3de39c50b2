package dev.airlock.approval;

import java.time.Instant;

/**
 * Who answers approval requests. An implementation blocks until it has an answer or the deadline passes
 * (then it denies). Callers use an {@link ApproverChain}, which also turns an exception into a denial.
 */
public interface Approver {

    Answer answer(ApprovalRequest request, Instant deadline);

    /** As written in {@code --approver}: {@code terminal}, {@code queue}, {@code deny}, {@code command:PROGRAM}. */
    String name();

    /**
     * Whether a person answers through this approver (a terminal, the queue, a client's form) rather than a
     * program or a fixed rule; some requests, such as a switch to a wider mode, only a person may approve.
     */
    default boolean person() {
        return false;
    }
}
