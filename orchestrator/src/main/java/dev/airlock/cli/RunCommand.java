package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.scope.WorkspaceGuard;
import dev.airlock.session.CommandRequest;
import dev.airlock.session.RunResult;
import dev.airlock.session.Session;
import dev.airlock.session.SessionId;
import dev.airlock.session.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock run}: one command in a fresh sandbox, removed afterwards. */
@Command(name = "run",
        description = "Run a command in a fresh sandbox container with the mode's profile.",
        sortOptions = false)
final class RunCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--mode", defaultValue = "default", paramLabel = "MODE",
            description = "Permission mode: read-only, default, auto-review or full-access (default: ${DEFAULT-VALUE}).")
    String mode;

    @picocli.CommandLine.Mixin
    WorkspaceOption workspaceOption;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Use this profile instead of the mode's base profile (if the mode reaches it).")
    String profile;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Stop the command after this long (e.g. 30s, 10m); exit 124. Default: the profile's.")
    Duration timeout;

    @Option(names = "--env", paramLabel = "NAME",
            description = "Pass this host environment variable in (repeatable). Nothing else of the host's environment passes.")
    List<String> passEnv = new java.util.ArrayList<>();

    @Option(names = "--allow-broad-workspace",
            description = "Allow /, a home folder or a system folder as the workspace (refused by default).")
    boolean allowBroadWorkspace;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> command;

    RunCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        Console console = airlock.console();
        Workspace ws = Workspace.open(workspaceOption.workspace);
        WorkspaceGuard.check(ws.root(), airlock.homes(), allowBroadWorkspace);
        for (String name : passEnv) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw AirlockException.usage("--env " + name + ": not an environment variable name", "pass a name such as GITHUB_TOKEN");
            }
        }
        var catalog = airlock.catalog(Optional.of(ws.root()));
        var runtime = airlock.runtime();
        // containers a crashed Airlock left behind are cleared on the side, off the command's path
        Thread.ofVirtual().name("airlock-sweep").start(() -> {
            try {
                runtime.removeOrphans();
            } catch (RuntimeException e) {
                // best effort: doctor and the next run try again
            }
        });
        Session session = new Session(SessionId.random(), ws, catalog.mode(mode), catalog, runtime,
                airlock.identity(), airlock.state(), console.env());
        CommandRequest request = new CommandRequest(command, Optional.empty(), Optional.ofNullable(profile),
                Optional.ofNullable(timeout), passEnv);
        ProcessIO io = new ProcessIO(console.out(), console.err(),
                console.stdinIsTerminal() ? Optional.empty() : Optional.of(console.in()));
        RunResult result = session.execute(request, io);
        return report(result, console);
    }

    /** The command's own status, with a line on stderr when a limit ended or cut it. */
    static int report(RunResult result, Console console) {
        if (result.truncated()) {
            console.err().println("airlock: output was cut after " + result.outputLimit()
                    + " bytes per stream (the profile's output limit); the command ran to its end");
        }
        if (result.timedOut()) {
            console.err().println("airlock: the command ran longer than " + Durations.format(result.timeout())
                    + " and was stopped (use --timeout to give it longer)");
            return AirlockException.Kind.TIMEOUT.exitCode();
        }
        if (result.oomKilled()) {
            console.err().println("airlock: the command hit the memory limit (" + (result.memoryLimit() >> 20)
                    + " MiB) and was killed; a profile with a higher limits.memory would let it finish");
        }
        return result.exitCode();
    }
}
