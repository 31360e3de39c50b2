package dev.airlock.mcp;

import dev.airlock.policy.ModeChange;
import dev.airlock.profile.Mode;
import dev.airlock.profile.Profile;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Locale;
import java.util.Set;

/**
 * {@code set_mode}: continues the same session (id, grants, checkpoints, audit log) in another mode, as a new
 * {@code Session} object over the same state, when {@link ModeChange} allows it.
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
            Mode current = connection.session().mode();
            return switch (ModeChange.judge(current, target, switchable, connection.setup().catalog())) {
                case ModeChange.Refused r -> Replies.error("set_mode: not changed: " + r.why() + ".\nwhat to do: " + r.hint());
                case ModeChange.Allowed a when target.equals(current.name()) -> Replies.text("The session already runs in mode "
                        + target + ".\n" + describe(current));
                case ModeChange.Allowed a when !a.narrowing()
                        && !connection.session().askToWiden(connection.setup().catalog().mode(target), why) ->
                        Replies.error("set_mode: not changed: the user did not approve the switch from " + current.name()
                                + " to " + target + ".\nwhat to do: carry on in " + current.name() + " (run_command asks "
                                + "the user when a command needs more), or tell the user why the task needs " + target + ".");
                case ModeChange.Allowed a -> {
                    var session = connection.switchMode(target);
                    connection.setup().notices().accept("session " + session.id().value() + " continues in mode " + target
                            + " (was " + current.name() + "; set_mode: " + a.why() + ")");
                    yield Replies.text("Mode is now " + target + " (was " + current.name() + "; allowed: " + a.why() + ").\n"
                            + describe(session.mode()));
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
