package dev.airlock.runtime;

import java.time.Duration;

/**
 * How a command ended.
 *
 * @param exitCode        the command's status (128+signal when killed)
 * @param timedOut        the wall time ran out and the command was killed
 * @param oomKilled       the container hit its memory limit while the command ran
 * @param stdoutBytes     bytes the command wrote to stdout (all of them, also those cut)
 * @param stderrBytes     bytes the command wrote to stderr
 * @param outputTruncated some output went beyond the limit and was not forwarded
 * @param elapsed         wall time of the command
 */
public record ExecOutcome(int exitCode, boolean timedOut, boolean oomKilled, long stdoutBytes, long stderrBytes,
                          boolean outputTruncated, Duration elapsed) {
}
