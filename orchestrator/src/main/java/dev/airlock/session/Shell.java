package dev.airlock.session;

import dev.airlock.AirlockException;
import dev.airlock.audit.AuditEvent;
import dev.airlock.profile.NetworkMode;
import dev.airlock.profile.Profile;
import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.ExecOutcome;
import dev.airlock.runtime.ExecSpec;
import dev.airlock.runtime.Lease;
import dev.airlock.runtime.TerminalIO;
import dev.airlock.scope.WorkspaceScan;
import dev.airlock.workspace.Changes;
import dev.airlock.workspace.Checkpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A person's interactive shell in a session's sandbox ({@code airlock shell}). Nothing is assessed or asked: the
 * person types every command. Everything else is as for a command: the mode's base profile with its masks and
 * protected paths, a checkpoint before, the guard after, the changes in the audit log and the report. The
 * sandbox is the shell's alone and is removed when it ends.
 */
public final class Shell {

    /** What a shell ended with: its exit status, and what it changed in the workspace. */
    public record Ended(String commandId, int exitCode, Changes changes, Optional<String> checkpoint) {
    }

    private Shell() {
    }

    public static Ended run(Session session, List<String> argv, TerminalIO terminal) {
        Session.Context ctx = session.context();
        Profile profile = ctx.catalog().profile(session.mode().profile());
        if (profile.network() == NetworkMode.ALLOWLISTED) {
            throw AirlockException.usage("airlock shell does not run in an allowlisted profile yet (mode " + session.mode().name()
                    + " starts in " + profile.name() + ")", "use a mode whose base profile has no network, or airlock run for the commands that need it");
        }
        String commandId = session.nextCommandId();
        Optional<Checkpoint> checkpoint = profile.workspace().writable()
                ? Optional.of(session.checkpoint("before " + commandId + ": airlock shell", session.opener().notices()))
                : Optional.empty();
        Guarded guarded = Guarded.of(session.workspace().root(), profile, Set.of());
        WorkspaceScan scan = session.scan(profile, guarded);
        ExecOutcome outcome;
        String containerId;
        try {
            ContainerSpec spec = SpecFactory.spec(profile, session.workspace(), scan, ctx.identity(),
                    ctx.state().runFiles(ctx.identity()).withGitIdentity(GitIdentity.file(ctx.state(), session.opener().hostEnv())),
                    session.opener().hostEnv(), List.of(), session.id(), Optional.empty(), session.caches(profile));
            Map<String, String> env = new LinkedHashMap<>(SpecFactory.execEnv(profile, ctx.identity(), session.opener().hostEnv(), List.of()));
            env.putIfAbsent("TERM", "xterm-256color");
            // the prompt says where the person is (Debian's bash.bashrc sets PS1, with debian_chroot in front)
            env.put("PS1", "(airlock " + profile.name() + ") \\w \\$ ");
            env.put("debian_chroot", "airlock " + profile.name());
            Lease lease = ctx.sandboxes().acquire(spec);
            containerId = lease.sandbox().id();
            try {
                outcome = ctx.runtime().interactive(lease.sandbox(),
                        new ExecSpec(argv, env, profile.limits().timeout(), profile.limits().outputBytes()), terminal);
            } finally {
                // whatever the person left running goes with the sandbox
                lease.discard();
            }
        } finally {
            if (profile.workspace().writable()) {
                session.guard(session.opener().notices(), commandId, guarded, scan);
            }
        }
        Changes changes = checkpoint.map(c -> session.checkpoints().changes(c)).orElse(Changes.NONE);
        session.audit().append(new AuditEvent.ShellRan(ctx.clock().instant(), commandId, argv, profile.name(), containerId,
                outcome.exitCode(), outcome.elapsed().toMillis(), AuditMapping.changes(changes), checkpoint.map(Checkpoint::id)));
        return new Ended(commandId, outcome.exitCode(), changes, checkpoint.map(Checkpoint::id));
    }
}
