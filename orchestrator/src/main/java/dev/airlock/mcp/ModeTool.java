package dev.airlock.mcp;

import dev.airlock.app.AgentSessions;
import dev.airlock.profile.Mode;
import dev.airlock.profile.Profile;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Locale;
import java.util.Set;

/**
 * {@code set_mode}: continues the same session (id, grants, checkpoints, audit log) in another mode when the
 * application allows it ({@link AgentSessions#switchMode}); this tool reads its arguments and says the outcome.
 */
final class ModeTool implements Dispatch.Handler {

    private final Connection connection;
    private final Set<String> switchable;

    ModeTool(Connection connection, Set<String> switchable) {
        this.connection = connection;
        this.switchable = switchable;
    }

    @Override
    public CallToolResult call(ToolCall call) {
        String target = call.args().string("mode", 100).strip();
        java.util.Optional<String> why = call.args().optionalString("justification", ToolSpecs.TEXT_LIMIT);
        var lease = connection.exclusive();
        if (lease.isEmpty()) {
            return Replies.error("set_mode: another tool call (a running command, or one waiting for approval) holds the "
                    + "session; call set_mode again when it has finished.");
        }
        try (Connection.Lease _ = lease.get()) {
            return switch (connection.switchMode(target, why, switchable)) {
                case AgentSessions.Refused r -> Replies.error("set_mode: not changed: " + r.why() + ".\nwhat to do: " + r.hint());
                case AgentSessions.Same same -> Replies.text("The session already runs in mode " + target + ".\n"
                        + describe(same.mode()));
                case AgentSessions.NotApproved n -> Replies.error("set_mode: not changed: the user did not approve the switch from "
                        + n.current().name() + " to " + target + ".\nwhat to do: carry on in " + n.current().name()
                        + " (run_command asks the user when a command needs more), or tell the user why the task needs " + target + ".");
                case AgentSessions.Switched s -> {
                    connection.setup().notices().accept("session " + s.task().id().value() + " continues in mode " + target
                            + " (was " + s.from().name() + "; set_mode: " + s.why() + ")");
                    yield Replies.text("Mode is now " + target + " (was " + s.from().name() + "; allowed: " + s.why() + ").\n"
                            + describe(s.task().mode()));
                }
            };
        }
    }

    private String describe(Mode mode) {
        var catalog = connection.setup().catalog();
        return mode.description() + "\nCommands run in " + mode.profile() + (mode.escalateTo().isEmpty() ? ""
                : "; with the user's approval they may get " + String.join(", ", mode.escalateTo()))
                + (mode.ask().isEmpty() ? "" : "; the user is asked about: " + String.join(", ", mode.ask().stream()
                        .map(a -> a.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()))
                + ". Reachable profiles: " + String.join(", ", catalog.reachable(mode).stream().map(Profile::name).toList()) + ".";
    }
}
