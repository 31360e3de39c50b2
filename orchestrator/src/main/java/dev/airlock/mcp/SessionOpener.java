package dev.airlock.mcp;

import dev.airlock.approval.Approver;
import dev.airlock.session.Session;
import dev.airlock.session.SessionInfo;

/**
 * How the MCP server gets its session from the process that runs it (the CLI knows the engine, the state
 * folder and the user's options). The approver passed in is the server's own: the client first, then the
 * approver given at start.
 */
public interface SessionOpener {

    /** The mode the connection's session starts in, known before it is opened. */
    String mode();

    /** The connection's session: a new one on the workspace, or the one {@code --session} named. */
    Session open(Approver approver);

    /**
     * The same session (id, workspace, grants, checkpoints, audit log) continued in {@code info.mode()};
     * the new mode is saved, so {@code airlock run --session ID} continues in it too.
     */
    Session reopen(SessionInfo info, Approver approver);
}
