package dev.airlock.session;

import dev.airlock.assess.Reason;
import dev.airlock.workspace.Changes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What became of one command that ran.
 *
 * @param session     the session it ran in
 * @param commandId   its id in the session, e.g. {@code c-3}
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
 * @param approvals   who or what approved what it needed beyond the mode's base profile
 * @param flags       risky things it did that nobody was asked about (destructive commands in full-access)
 * @param checkpoint  the checkpoint taken before it ran, when it could write
 * @param changes     what it changed in the workspace
 * @param egress      the network destinations it reached or tried
 */
public record RunResult(SessionId session, String commandId, String profile, String containerId, int exitCode,
                        boolean timedOut, Duration timeout, boolean oomKilled, long memoryLimit, boolean truncated,
                        long outputLimit, Duration elapsed, List<String> approvals, List<Reason> flags,
                        Optional<String> checkpoint, Changes changes, List<EgressRecord> egress) {

    public RunResult {
        approvals = List.copyOf(approvals);
        flags = List.copyOf(flags);
        egress = List.copyOf(egress);
    }

    /** One destination, as the egress proxy saw it. */
    public record EgressRecord(String host, int port, boolean allowed, String by, long connections, long bytesUp,
                               long bytesDown) {
    }
}
