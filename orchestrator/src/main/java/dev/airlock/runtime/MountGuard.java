package dev.airlock.runtime;

import dev.airlock.AirlockException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sandboxes whose mounts are what their spec asked for, and checks that they still are when one is
 * taken. The engine resolves bind sources on the host and targets in the container, both through any link
 * the sandbox planted a moment ago; so the workspace paths are looked up without following links before
 * the container is made, and its mount table is compared with the spec after it starts (before anything runs
 * in it) and again each time a kept container is used. A container that does not match is removed, never used.
 */
public final class MountGuard {

    private static final Logger log = LoggerFactory.getLogger(MountGuard.class);

    private final SandboxRuntime runtime;

    public MountGuard(SandboxRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime);
    }

    /** A started, verified sandbox, with the spec it was made from and what its workspace paths were then. */
    public record Made(Sandbox sandbox, ContainerSpec spec, MountSources.Seen seen) {
    }

    /**
     * Starts a sandbox and verifies it; when it does not match, removes it and tries a fresh one, up to
     * {@code attempts} in all, then refuses.
     */
    public Made start(ContainerSpec spec, int attempts) {
        String problem = "";
        for (int i = 0; i < attempts; i++) {
            var outcome = tryStart(spec);
            if (outcome instanceof Outcome.Started started) {
                return started.made();
            }
            problem = ((Outcome.Mismatch) outcome).problem();
            log.warn("a new sandbox did not match its spec and was not used: {}", problem);
        }
        throw mismatch(problem);
    }

    /**
     * What no longer matches in a sandbox made earlier: the workspace paths under its mounts, then its mount
     * table. Empty when it may be used.
     */
    public Optional<String> problem(Made made) {
        Optional<String> changed = MountSources.changed(made.spec(), made.seen());
        if (changed.isPresent()) {
            return changed;
        }
        return verify(made.sandbox(), made.spec());
    }

    /**
     * Takes a kept sandbox if it still matches; removes it and starts a fresh one (verified) if not. Either
     * way the kept one is the guard's to remove.
     */
    public Made take(Made kept, ContainerSpec spec) {
        Optional<String> problem;
        try {
            problem = problem(kept);
        } catch (RuntimeException e) {
            // a kept sandbox that cannot be looked at (it died with an engine restart, say) is no more trusted
            // than one that does not match: a fresh one, verified, replaces it (and fails if the engine is gone)
            log.warn("a kept sandbox could not be checked and was removed: {}", e.toString());
            runtime.remove(kept.sandbox());
            return start(spec, 1);
        }
        if (problem.isEmpty()) {
            return kept;
        }
        log.warn("a kept sandbox no longer matched the workspace and was removed: {}", problem.get());
        runtime.remove(kept.sandbox());
        return start(spec, 1);
    }

    private sealed interface Outcome {
        record Started(Made made) implements Outcome {
        }

        record Mismatch(String problem) implements Outcome {
        }
    }

    private Outcome tryStart(ContainerSpec spec) {
        MountSources.Seen seen;
        switch (MountSources.look(spec)) {
            case MountSources.Result.Refused refused -> {
                return new Outcome.Mismatch(refused.reason());
            }
            case MountSources.Result.Ok ok -> seen = ok.seen();
        }
        Sandbox sandbox = runtime.start(spec);
        Optional<String> problem;
        try {
            problem = MountSources.changed(spec, seen).or(() -> verify(sandbox, spec));
        } catch (RuntimeException e) {
            runtime.remove(sandbox);
            throw e;
        }
        if (problem.isPresent()) {
            runtime.remove(sandbox);
            return new Outcome.Mismatch(problem.get());
        }
        return new Outcome.Started(new Made(sandbox, spec, seen));
    }

    private Optional<String> verify(Sandbox sandbox, ContainerSpec spec) {
        MountTable table;
        try {
            table = runtime.mountTable(sandbox);
        } catch (IllegalArgumentException e) {
            return Optional.of("its mount table could not be read (" + e.getMessage() + ")");
        }
        List<String> problems = MountCheck.problems(spec, table);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static AirlockException mismatch(String problem) {
        return AirlockException.failure("not run: the workspace changed under the sandbox's mounts while it was made ("
                        + problem + "), so it was removed unused",
                "another command is probably moving folders of this workspace right now; run this one again when "
                        + "it has ended, and look at what it did (airlock log, airlock diff)");
    }
}
