package dev.airlock.session;

import dev.airlock.AirlockException;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Mode;
import dev.airlock.profile.Profile;
import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.ExecOutcome;
import dev.airlock.runtime.ExecSpec;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.runtime.Sandbox;
import dev.airlock.runtime.SandboxRuntime;
import dev.airlock.scope.WorkspaceScan;
import java.util.Map;
import java.util.Objects;

/**
 * One task: a workspace, a mode and the sandboxes its commands run in. Every command goes through
 * {@link #execute}: pick the profile, build the spec, run it in a fresh sandbox, remove the sandbox.
 */
public final class Session {

    private final SessionId id;
    private final Workspace workspace;
    private final Mode mode;
    private final Catalog catalog;
    private final SandboxRuntime runtime;
    private final Identity identity;
    private final StateDir state;
    private final Map<String, String> hostEnv;

    public Session(SessionId id, Workspace workspace, Mode mode, Catalog catalog, SandboxRuntime runtime,
                   Identity identity, StateDir state, Map<String, String> hostEnv) {
        this.id = Objects.requireNonNull(id);
        this.workspace = Objects.requireNonNull(workspace);
        this.mode = Objects.requireNonNull(mode);
        this.catalog = Objects.requireNonNull(catalog);
        this.runtime = Objects.requireNonNull(runtime);
        this.identity = Objects.requireNonNull(identity);
        this.state = Objects.requireNonNull(state);
        this.hostEnv = Map.copyOf(hostEnv);
    }

    public SessionId id() {
        return id;
    }

    public Mode mode() {
        return mode;
    }

    /** Runs one command in a fresh sandbox and returns how it ended; its output streams to {@code io}. */
    public RunResult execute(CommandRequest request, ProcessIO io) {
        Profile profile = profileFor(request);
        WorkspaceScan scan = scan(profile);
        ContainerSpec spec = SpecFactory.spec(profile, workspace, scan, identity, state.runFiles(identity), hostEnv,
                request.passEnv(), id);
        var timeout = request.timeout().orElse(profile.limits().timeout());
        ExecSpec exec = new ExecSpec(request.argv(), Map.of(), timeout, profile.limits().outputBytes());
        Sandbox sandbox = runtime.start(spec);
        try {
            ExecOutcome outcome = runtime.exec(sandbox, exec, io);
            return new RunResult(id, profile.name(), sandbox.id(), outcome.exitCode(), outcome.timedOut(), timeout,
                    outcome.oomKilled(), profile.limits().memoryBytes(), outcome.outputTruncated(),
                    profile.limits().outputBytes(), outcome.elapsed());
        } finally {
            runtime.remove(sandbox);
        }
    }

    /** What of the workspace this profile masks and protects; refuses a boundary it cannot keep. */
    private WorkspaceScan scan(Profile profile) {
        if (profile.workspace().writable()) {
            ensureHooksFolder();
        }
        WorkspaceScan scan = WorkspaceScan.of(workspace.root(), profile.maskedPaths(), profile.protectedPaths());
        if (scan.masked().size() > WorkspaceScan.MASK_LIMIT) {
            throw AirlockException.failure("the workspace holds " + scan.masked().size() + " secret-like files to mask; "
                            + "Airlock masks at most " + WorkspaceScan.MASK_LIMIT,
                    "pass a smaller workspace (airlock scope shows what is masked)");
        }
        return scan;
    }

    /**
     * A repository without {@code .git/hooks} would let the sandbox create one and plant a hook; an empty,
     * protected folder in its place keeps that from happening (git itself would create it anyway).
     */
    private void ensureHooksFolder() {
        java.nio.file.Path git = workspace.root().resolve(".git");
        if (java.nio.file.Files.isDirectory(git, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                java.nio.file.Files.createDirectories(git.resolve("hooks"));
            } catch (java.io.IOException | RuntimeException e) {
                throw AirlockException.failure("cannot create " + git.resolve("hooks") + " to protect it: " + e.getMessage(),
                        "create the folder yourself, or check the workspace's permissions");
            }
        }
    }

    /** The mode's base profile, or a profile the caller named, if the mode reaches it. */
    private Profile profileFor(CommandRequest request) {
        if (request.profile().isEmpty()) {
            return catalog.profile(mode.profile());
        }
        Profile wanted = catalog.profile(request.profile().get());
        if (!catalog.reachable(mode).contains(wanted)) {
            throw AirlockException.usage("mode " + mode.name() + " cannot use profile " + wanted.name(),
                    "mode " + mode.name() + " may use: " + String.join(", ",
                            catalog.reachable(mode).stream().map(Profile::name).toList()));
        }
        return wanted;
    }
}
