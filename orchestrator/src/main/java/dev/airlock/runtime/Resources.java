package dev.airlock.runtime;

/** Cgroup limits of a container: CPUs (cores, fractional), memory (no swap beyond it), pids. */
public record Resources(double cpus, long memoryBytes, long pids) {

    public Resources {
        if (cpus <= 0 || memoryBytes <= 0 || pids <= 0) {
            throw new IllegalArgumentException("resources must be positive");
        }
    }
}
