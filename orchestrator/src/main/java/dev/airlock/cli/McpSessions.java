package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.approval.Approver;
import dev.airlock.mcp.SessionOpener;
import dev.airlock.profile.Catalog;
import dev.airlock.scope.WorkspaceGuard;
import dev.airlock.session.Session;
import dev.airlock.session.SessionInfo;
import dev.airlock.session.SessionStore;
import dev.airlock.session.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The MCP server's sessions, opened as {@link Airlock#openSession} opens them but with the server's own approver
 * (the client first, then {@code --approver}), and continued in another mode on {@code set_mode}.
 */
final class McpSessions implements SessionOpener {

    private final Airlock airlock;
    private final SessionOptions options;
    private final SessionStore store;
    private final Path workspace;
    private final Catalog catalog;

    /** Checks the options up front (workspace, mode, session), so a bad one stops {@code airlock mcp} before it serves. */
    McpSessions(Airlock airlock, SessionOptions options) {
        this.airlock = airlock;
        this.options = options;
        this.store = new SessionStore(airlock.state());
        if (options.session != null) {
            SessionInfo info = store.open(options.session);
            if (options.mode != null && !options.mode.equals(info.mode())) {
                throw AirlockException.usage("session " + info.id() + " runs in mode " + info.mode() + ", not " + options.mode,
                        "omit --mode with --session, or start a new session");
            }
            Path given = options.workspace.workspace.toAbsolutePath().normalize();
            if (!given.equals(Path.of(".").toAbsolutePath().normalize()) && !Workspace.open(given).root().equals(info.workspace())) {
                throw AirlockException.usage("session " + info.id() + " works on " + info.workspace() + ", not " + given,
                        "omit --workspace with --session, or start a new session");
            }
            this.workspace = info.workspace();
        } else {
            this.workspace = Workspace.open(options.workspace.workspace).root();
            WorkspaceGuard.check(workspace, airlock.homes(), options.allowBroadWorkspace);
        }
        this.catalog = airlock.catalog(Optional.of(workspace));
        catalog.mode(mode());
    }

    Catalog catalog() {
        return catalog;
    }

    boolean startsNew() {
        return options.session == null;
    }

    private String mode() {
        return options.session != null ? store.open(options.session).mode() : options.mode == null ? "default" : options.mode;
    }

    @Override
    public Session open(Approver approver) {
        var runtime = airlock.runtime();
        // containers a crashed Airlock left behind are cleared on the side, as Airlock#openSession does
        Thread.ofVirtual().name("airlock-sweep").start(() -> {
            try {
                runtime.removeOrphans();
            } catch (RuntimeException e) {
                // best effort: doctor and the next run try again
            }
        });
        if (options.session != null) {
            return Session.resume(store, store.open(options.session), context(approver));
        }
        String mode = mode();
        boolean branch = options.branch || (mode.equals("full-access") && Files.isDirectory(workspace.resolve(".git")));
        Session session = Session.start(store, Workspace.open(workspace), mode, branch, context(approver));
        airlock.console().err().println("airlock: session " + session.id() + " (mode " + mode + ") on " + workspace
                + session.info().branch().map(b -> ", branch " + b).orElse(""));
        return session;
    }

    @Override
    public Session reopen(SessionInfo info, Approver approver) {
        store.save(info);
        return Session.resume(store, info, context(approver));
    }

    private Session.Context context(Approver approver) {
        Console console = airlock.console();
        return new Session.Context(catalog, airlock.runtime(), airlock.identity(), airlock.state(), console.env(), approver,
                options.approvalTimeout, line -> console.err().println("airlock: " + line), Clock.systemUTC());
    }
}
