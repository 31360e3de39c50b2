package dev.airlock.profile;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits of a profile's container and its commands.
 *
 * @param cpus        CPU share in cores (may be fractional)
 * @param memoryBytes memory limit; swap is not granted beyond it
 * @param pids        maximum number of processes and threads in the container
 * @param timeout     default wall time of one command
 * @param outputBytes bytes of output kept per stream; the rest is cut with a notice
 */
public record Limits(double cpus, long memoryBytes, long pids, Duration timeout, long outputBytes) {

    public Limits {
        Objects.requireNonNull(timeout);
        if (cpus <= 0 || memoryBytes <= 0 || pids <= 0 || timeout.isNegative() || timeout.isZero() || outputBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
