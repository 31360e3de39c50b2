package dev.airlock.cli;

import dev.airlock.app.Console;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --workspace DIR}, shared by the subcommands that look at or run in a workspace. */
final class WorkspaceOption {

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "The task's folder, mounted at /workspace (default: the current folder).")
    String workspace;

    /** The folder, resolved against the caller's working folder. */
    Path path(Console console) {
        return console.resolve(workspace == null ? "." : workspace);
    }

    boolean given() {
        return workspace != null;
    }
}
