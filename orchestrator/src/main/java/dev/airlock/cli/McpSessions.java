package dev.airlock.cli;

import dev.airlock.approval.Approver;
import dev.airlock.mcp.SessionOpener;
import dev.airlock.profile.Catalog;
import dev.airlock.session.Session;
import dev.airlock.session.SessionInfo;
import dev.airlock.session.SessionStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The MCP server's sessions, opened as {@link Airlock#openSession} opens them but with the server's own approver
 * (the client first, then {@code --approver}), and continued in another mode on {@code set_mode}.
 */
final class McpSessions implements SessionOpener {

    private final Airlock airlock;
    private final SessionOptions options;
    private final SessionStore store;
    private final Catalog catalog;
    private final String mode;

    /** Checks the options up front (workspace, mode, session), so a bad one stops {@code airlock mcp} before it serves. */
    McpSessions(Airlock airlock, SessionOptions options) {
        this.airlock = airlock;
        this.options = options;
        this.store = new SessionStore(airlock.state());
        Path workspace = airlock.checkSessionOptions(options);
        this.catalog = airlock.catalog(Optional.of(workspace));
        this.mode = options.session != null ? store.open(options.session).mode() : options.mode == null ? "default" : options.mode;
        catalog.mode(mode);
    }

    @Override
    public String mode() {
        return mode;
    }

    Catalog catalog() {
        return catalog;
    }

    boolean startsNew() {
        return options.session == null;
    }

    /** The connection's session, warm: an agent runs many commands, each then pays for an exec only. */
    @Override
    public Session open(Approver approver) {
        return airlock.openSession(options, true, approver, true);
    }

    @Override
    public Session reopen(SessionInfo info, Approver approver) {
        store.save(info);
        return airlock.resumeSession(info, options, approver, true);
    }
}
