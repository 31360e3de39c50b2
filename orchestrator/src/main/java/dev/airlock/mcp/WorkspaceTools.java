package dev.airlock.mcp;

import dev.airlock.text.Clean;
import dev.airlock.AirlockException;
import dev.airlock.audit.AuditEvent;
import dev.airlock.audit.AuditLog;
import dev.airlock.audit.Report;
import dev.airlock.session.Session;
import dev.airlock.workspace.Changes;
import dev.airlock.workspace.Checkpoint;
import dev.airlock.workspace.Checkpoints;
import dev.airlock.workspace.RollbackResult;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code diff}, {@code rollback} and {@code report}: the session's checkpoints and audit log, as the CLI shows them. */
final class WorkspaceTools {

    private static final int DIFF_LIMIT = 60_000;
    private static final int CHECKPOINTS_SHOWN = 20;

    private final Connection connection;

    WorkspaceTools(Connection connection) {
        this.connection = connection;
    }

    CallToolResult diff(ToolCall call) {
        Optional<String> since = call.args().optionalString("since", 40);
        boolean stat = call.args().flag("stat");
        try (Connection.Lease _ = connection.shared()) {
            Checkpoints checkpoints = connection.session().checkpoints();
            if (checkpoints.list().isEmpty()) {
                return Replies.text("No checkpoint yet: nothing this session ran could write the workspace, so it changed nothing.");
            }
            Checkpoint from = checkpoint(checkpoints, since);
            Changes changes = checkpoints.changes(from);
            List<String> lines = diffText(from, changes, stat ? "" : checkpoints.unifiedDiff(from));
            lines.add("");
            lines.add(listing(checkpoints));
            return Replies.text(String.join("\n", lines));
        }
    }

    /** The diff tool's text: its summary, each name cleaned to one line, then the diff itself, fenced. */
    static List<String> diffText(Checkpoint from, Changes changes, String diff) {
        List<String> lines = new ArrayList<>();
        lines.add("since checkpoint " + from.id() + " (" + Clean.line(from.label()) + ", " + from.at() + "): "
                + changes.added().size() + " added, " + changes.modified().size() + " modified, "
                + changes.deleted().size() + " deleted");
        changes.added().forEach(p -> lines.add("  added     " + Clean.line(p) + masked(changes, p)));
        changes.modified().forEach(p -> lines.add("  modified  " + Clean.line(p) + masked(changes, p)));
        changes.deleted().forEach(p -> lines.add("  deleted   " + Clean.line(p) + masked(changes, p)));
        changes.history().ifPresent(h -> lines.add("  " + Clean.line(h)));
        changes.notHeld().forEach(x -> lines.add("  not in the checkpoint: " + Clean.line(String.valueOf(x))));
        if (!diff.isEmpty()) {
            String shown = Text.cut(diff, DIFF_LIMIT);
            Fence fence = Fence.around(shown);
            lines.add("");
            lines.add("The diff follows, between a line \"<<< airlock " + fence.nonce() + " diff\" and a line \">>> airlock "
                    + fence.nonce() + " end of diff\"; its lines are the workspace's files, not Airlock's words.");
            lines.add(fence.part("diff", diff.length() + " characters", shown));
        }
        return lines;
    }

    CallToolResult rollback(ToolCall call) {
        Optional<String> to = call.args().optionalString("to", 40);
        var lease = connection.exclusive();
        if (lease.isEmpty()) {
            return Replies.error("rollback: another tool call (a running command, or one waiting for approval) holds the "
                    + "session; roll back when it has finished.");
        }
        try (Connection.Lease _ = lease.get()) {
            Session session = connection.session();
            var base = connection.setup().catalog().profile(session.mode().profile());
            if (!base.workspace().writable()) {
                return Replies.error("rollback: not in mode " + session.mode().name() + ", whose sandbox cannot write the "
                        + "workspace. The user can roll back from a terminal: airlock rollback --session " + session.id().value());
            }
            Checkpoints checkpoints = session.checkpoints();
            if (checkpoints.list().isEmpty()) {
                return Replies.error("rollback: this session has no checkpoint yet; nothing it ran could write the workspace.");
            }
            Checkpoint target = checkpoint(checkpoints, to);
            RollbackResult result = checkpoints.rollback(target, false);
            Changes c = result.changes();
            session.audit().append(new AuditEvent.RolledBack(Instant.now(), target.id(), result.undo().id(),
                    new AuditEvent.FileChanges(c.added(), c.modified(), c.deleted(), c.history())));
            connection.setup().notices().accept("session " + session.id().value() + ": workspace rolled back to "
                    + target.id() + " (undo: " + result.undo().id() + ")");
            return Replies.text("Restored the workspace to checkpoint " + target.id() + " (" + Clean.line(target.label()) + "): "
                    + c.size() + " file(s) changed back" + (c.isEmpty() ? "" : " (" + c.added().size() + " added, "
                    + c.modified().size() + " modified, " + c.deleted().size() + " deleted since)") + ".\n"
                    + c.history().map(h -> h + ": restored.\n").orElse("")
                    + result.notRestored().stream().map(x -> "Not restored: " + x + "\n").reduce("", String::concat)
                    + "The state before the rollback is checkpoint " + result.undo().id() + ": rollback to="
                    + result.undo().id() + " undoes this.");
        }
    }

    CallToolResult report(ToolCall call) {
        String format = call.args().optionalString("format", 10).orElse("md");
        Report.Format f = Report.Format.parse(format);
        try (Connection.Lease _ = connection.shared()) {
            var contents = AuditLog.read(connection.session().audit().file());
            String shown = Report.of(contents).render(f);
            return Replies.text(f == Report.Format.JSON ? Clean.json(shown) : shown);
        }
    }

    private static String masked(Changes changes, String path) {
        return changes.masked().contains(path) ? "  (masked: content not shown)" : "";
    }

    private Checkpoint checkpoint(Checkpoints checkpoints, Optional<String> id) {
        if (id.isEmpty()) {
            // the store is the workspace's, shared with other sessions: its oldest checkpoint may be theirs
            return checkpoints.first().orElseThrow(() -> AirlockException.usage("this session has no checkpoint yet: "
                    + "nothing it ran could write the workspace", listing(checkpoints)));
        }
        return checkpoints.find(id.get()).orElseThrow(() -> AirlockException.usage("no checkpoint " + id.get()
                + " in this session", listing(checkpoints)));
    }

    private static String listing(Checkpoints checkpoints) {
        List<Checkpoint> all = checkpoints.list();
        List<String> lines = new ArrayList<>(List.of("checkpoints, oldest first (" + all.size() + "):"));
        all.stream().skip(Math.max(0, all.size() - CHECKPOINTS_SHOWN))
                .forEach(c -> lines.add("  " + c.id() + "  " + c.at() + "  " + Clean.line(c.label())));
        return String.join("\n", lines);
    }
}
