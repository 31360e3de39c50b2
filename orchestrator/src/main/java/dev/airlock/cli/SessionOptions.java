package dev.airlock.cli;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a command finds or starts its session: shared by {@code run}, {@code exec} and {@code mcp}. */
final class SessionOptions {

    @Option(names = "--session", paramLabel = "ID", description = "Continue this session (its workspace, mode and grants).")
    String session;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "Permission mode of a new session: read-only, default, auto-review or full-access (default: default).")
    String mode;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--approver", paramLabel = "SPEC",
            description = "Who answers escalations: terminal, queue, deny, command:PROGRAM, or a chain such as command:./review,queue "
                    + "(default: terminal when there is one, else deny).")
    String approver;

    @Option(names = "--approval-timeout", paramLabel = "DURATION", converter = Durations.class, defaultValue = "5m",
            description = "How long an approval may take; no answer is a no (default: ${DEFAULT-VALUE}).")
    Duration approvalTimeout;

    @Option(names = "--branch", description = {"Work on a branch airlock/<session> in a tree of its own (always in full-access mode in a git",
            "repository): your checkout is not touched; each command's work is a commit; airlock apply brings it in,",
            "airlock discard drops it."})
    boolean branch;

    @Option(names = "--allow-broad-workspace",
            description = "Allow /, a home folder or a system folder as the workspace (refused by default).")
    boolean allowBroadWorkspace;
}
