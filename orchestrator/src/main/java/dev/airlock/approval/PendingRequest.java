package dev.airlock.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A request waiting in the queue for someone to answer it.
 *
 * @param deadline when the waiting run gives up and denies
 * @param age      how long it has waited
 */
public record PendingRequest(ApprovalRequest request, Instant deadline, Duration age) {

    public PendingRequest {
        Objects.requireNonNull(request);
        Objects.requireNonNull(deadline);
        Objects.requireNonNull(age);
    }
}
