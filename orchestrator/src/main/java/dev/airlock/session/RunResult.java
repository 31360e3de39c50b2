package dev.airlock.session;

import java.time.Duration;

/**
 * What became of one command.
 *
 * @param session     the session it ran in
 * @param profile     the profile it ran with
 * @param containerId the sandbox container it ran in
 * @param exitCode    the command's own status
 * @param timedOut    the time limit stopped it
 * @param timeout     the time limit it ran under
 * @param oomKilled   the memory limit stopped it
 * @param memoryLimit the memory limit it ran under, in bytes
 * @param truncated   part of its output was cut at the output limit
 * @param outputLimit the output limit per stream, in bytes
 * @param elapsed     wall time of the command
 */
public record RunResult(SessionId session, String profile, String containerId, int exitCode, boolean timedOut,
                        Duration timeout, boolean oomKilled, long memoryLimit, boolean truncated, long outputLimit,
                        Duration elapsed) {
}
