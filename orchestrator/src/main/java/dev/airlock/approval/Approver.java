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
}
