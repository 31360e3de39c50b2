package dev.airlock.agents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code airlock init claude-code} adds, all of it outside the project folder a sandbox may write: a
 * {@code PreToolUse} hook on Bash in the user's {@code ~/.claude/settings.json} that sends every command through
 * Airlock (for every project, or, in project scope, for this one only), and optionally Airlock's MCP server
 * ({@code ~/.claude.json}: for the project, or for the user) with its tools allowed in the user's settings, which a
 * folder not yet trusted honours where it ignores the project's.
 *
 * @param home      the user's home ({@code ~/.claude} lives there)
 * @param airlock   the absolute airlock command the hook and the MCP server run
 * @param workspace the project, in project scope; empty for user scope (every project)
 * @param mode      the mode of the sessions the hook and the MCP server start
 * @param mcp       whether to add the MCP server too
 */
public record ClaudeCodeSetup(Path home, String airlock, Optional<Path> workspace, String mode, boolean mcp) {

    /** How long Claude Code waits for the hook: the first call may start the server and a warm sandbox. */
    static final int HOOK_TIMEOUT_SECONDS = 120;

    public Path settings() {
        return home.resolve(".claude").resolve("settings.json");
    }

    public Path state() {
        return home.resolve(".claude.json");
    }

    /** The hook's command line: any failure of Airlock blocks the call ({@code exit 2}) instead of letting it run unwrapped. */
    public String hookCommand() {
        var line = new StringBuilder(ShellHook.quote(airlock)).append(" hook claude-code --airlock ")
                .append(ShellHook.quote(airlock)).append(" --mode ").append(ShellHook.quote(mode));
        workspace.ifPresent(w -> line.append(" --workspace ").append(ShellHook.quote(w.toString())));
        return line.append(" || exit 2").toString();
    }

    public List<JsonEdits.Edit> edits() {
        List<JsonEdits.Edit> edits = new ArrayList<>();
        ObjectNode entry = JsonEdits.JSON.createObjectNode();
        entry.put("matcher", "Bash");
        ArrayNode hooks = entry.putArray("hooks");
        ObjectNode hook = hooks.addObject();
        hook.put("type", "command");
        hook.put("command", hookCommand());
        hook.put("timeout", HOOK_TIMEOUT_SECONDS);
        // a hook that cannot start or times out blocks the call (Claude Code 2.1.295+) instead of letting it run unwrapped
        hook.put("onFailure", "block");
        edits.add(JsonEdits.Edit.append(settings(), List.of("hooks", "PreToolUse"), entry));
        if (mcp) {
            ObjectNode server = JsonEdits.JSON.createObjectNode();
            server.put("type", "stdio");
            server.put("command", airlock);
            ArrayNode args = server.putArray("args");
            args.add("mcp");
            args.add("--workspace");
            args.add(workspace.map(Path::toString).orElse("."));
            args.add("--mode");
            args.add(mode);
            args.add("--approver");
            args.add("queue");
            edits.add(workspace.map(w -> JsonEdits.Edit.put(state(), List.of("projects", w.toString(), "mcpServers"), "airlock", server))
                    .orElseGet(() -> JsonEdits.Edit.put(state(), List.of("mcpServers"), "airlock", server)));
            edits.add(JsonEdits.Edit.append(settings(), List.of("permissions", "allow"), JsonEdits.JSON.getNodeFactory().textNode("mcp__airlock")));
        }
        return edits;
    }
}
