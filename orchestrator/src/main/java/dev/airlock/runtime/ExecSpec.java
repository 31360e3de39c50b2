package dev.airlock.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One command to run in a sandbox.
 *
 * @param argv        the program and its arguments, run without a shell
 * @param env         extra environment for this command, on top of the container's
 * @param timeout     wall time after which the command is killed
 * @param outputLimit bytes forwarded per stream; the rest is drained and dropped with a notice
 */
public record ExecSpec(List<String> argv, Map<String, String> env, Duration timeout, long outputLimit) {

    public ExecSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        Objects.requireNonNull(timeout);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        if (outputLimit <= 0) {
            throw new IllegalArgumentException("output limit must be positive");
        }
    }
}
