package dev.airlock.app;

import dev.airlock.approval.Approver;
import dev.airlock.audit.AuditEvent;
import dev.airlock.policy.ModeChange;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Mode;
import dev.airlock.profile.Profile;
import dev.airlock.session.SessionInfo;
import dev.airlock.session.SessionStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An agent's sessions (the MCP server's, one a connection), opened as {@link Application#open} opens them but
 * warm and with the server's own approver (the client first, then {@code --approver}), and continued in another
 * mode on {@code set_mode}.
 */
public final class AgentSessions {

    private final Application app;
    private final Opening opening;
    private final SessionStore store;
    private final Catalog catalog;
    private final String mode;

    /** Checks the opening up front (workspace, mode, session), so a bad one stops the server before it serves. */
    public AgentSessions(Application app, Opening opening) {
        this.app = app;
        this.opening = opening;
        this.store = new SessionStore(app.state());
        Path workspace = app.check(opening);
        this.catalog = app.catalog(Optional.of(workspace));
        this.mode = app.mode(opening, catalog);
    }

    /** The mode the connection's session starts in, known before it is opened. */
    public String mode() {
        return mode;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Whether the connection starts its session, which then ends with it. */
    public boolean startsNew() {
        return opening.session().isEmpty();
    }

    /** The connection's session, warm: an agent runs many commands, each then pays for an exec only. */
    public Task open(Approver approver) {
        return app.open(opening, true, approver, true);
    }

    /** How a request to switch the session's mode ended. */
    public sealed interface Switch {
    }

    /** Not switched: the mode does not exist, or gives more and the user did not allow asking for it. */
    public record Refused(String why, String hint) implements Switch {
    }

    /** The session already runs in the mode. */
    public record Same(Mode mode) implements Switch {
    }

    /** A wider mode the user allowed asking for, but did not approve now. */
    public record NotApproved(Mode current, String target) implements Switch {
    }

    /** Switched: {@code task} continues the session in the new mode. */
    public record Switched(Task task, Mode from, String why) implements Switch {
    }

    /**
     * Switches {@code current}'s session to {@code target} when {@link ModeChange} allows it: a narrower mode at
     * once, a wider one the user allowed ({@code switchable}) only when a person approves it now.
     */
    public Switch switchMode(Task current, String target, Optional<String> why, Set<String> switchable, Approver approver) {
        Mode mode = current.mode();
        return switch (ModeChange.judge(mode, target, switchable, catalog)) {
            case ModeChange.Refused r -> new Refused(r.why(), r.hint());
            case ModeChange.Allowed a when target.equals(mode.name()) -> new Same(mode);
            case ModeChange.Allowed a when !a.narrowing() && !current.askToWiden(catalog.mode(target), why) ->
                    new NotApproved(mode, target);
            case ModeChange.Allowed a -> new Switched(continueIn(current, target, approver), mode, a.why());
        };
    }

    /**
     * The same session (id, workspace, grants, checkpoints, audit log) continued in {@code mode}; the new mode is
     * saved, so {@code airlock run --session ID} continues in it too, and the audit log records it as a restart.
     * The old task is closed.
     */
    private Task continueIn(Task old, String mode, Approver approver) {
        SessionInfo info = old.info();
        SessionInfo moved = new SessionInfo(info.id(), info.workspace(), mode, info.created(), info.branch());
        store.save(moved);
        Task next = app.resume(moved, opening, approver, true);
        var m = next.mode();
        next.session().audit().append(new AuditEvent.SessionStarted(Instant.now(), info.id().value(), m.name(),
                info.workspace().toString(), m.profile(),
                catalog.reachable(m).stream().map(Profile::name).toList(), List.of()));
        old.close();
        return next;
    }
}
