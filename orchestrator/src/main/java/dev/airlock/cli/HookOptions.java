package dev.airlock.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** What every shell-tool hook ({@code airlock hook claude-code}, {@code airlock hook codex}) is set up with. */
final class HookOptions {

    @Option(names = "--airlock", required = true, paramLabel = "PATH", description = "The airlock command the rewritten line runs.")
    String command;

    @Option(names = "--mode", defaultValue = "default", paramLabel = "MODE", description = "The mode of a new session (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Only for this project; calls in other projects pass unchanged.")
    Path workspace;

    /** The project a call in {@code projectDir} works on, or empty when the hook was set up for another one only. */
    Optional<Path> project(Path projectDir) {
        Path project = dev.airlock.session.Workspace.open(projectDir).root();
        return workspace == null || project.startsWith(dev.airlock.session.Workspace.open(workspace).root())
                ? Optional.of(project) : Optional.empty();
    }
}
