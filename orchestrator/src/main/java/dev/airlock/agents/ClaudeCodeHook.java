package dev.airlock.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Claude Code's {@code PreToolUse} hook for its Bash tool, as pure mapping: the hook's input in, Airlock's verdict on
 * the command, and the hook's answer out. A command Airlock would run is rewritten to run through
 * {@code airlock exec} in the project's warm session (Claude Code then runs the rewritten line); one Airlock refuses
 * is denied with the reason, which Claude Code hands to the model; one that needs a person waits in the queue.
 */
public final class ClaudeCodeHook {

    /** The longest a Bash call may take in Claude Code (ten minutes): a command waiting for a person gets all of it. */
    static final long MAX_TIMEOUT_MS = 600_000;

    private static final ObjectMapper JSON = dev.airlock.json.JsonMappers.TREES;
    static final ObjectMapper JSON_FOR_TESTS = JSON;

    private ClaudeCodeHook() {
    }

    /**
     * One Bash call as the hook sees it.
     *
     * @param toolInput  the tool's whole input (command, description, timeout, ...), kept for the rewrite
     * @param projectDir the project Claude Code works on ({@code CLAUDE_PROJECT_DIR}, else the hook's {@code cwd})
     * @param attended   whether a person sits at Claude Code ({@code CLAUDE_CODE_SESSION_ATTENDED}; {@code -p} is not)
     * @param permissionMode Claude Code's permission mode ({@code default}, {@code acceptEdits}, {@code bypassPermissions}, ...)
     */
    public record Call(String toolName, String command, Optional<String> description, ObjectNode toolInput,
                       Path projectDir, boolean attended, String permissionMode) {

        /**
         * Whether Claude Code's own prompt would put a question to the person: attended, and in a mode that asks
         * (a bypass or don't-ask mode might answer it for them, so those wait in Airlock's queue instead).
         */
        public boolean promptsPerson() {
            return attended && (permissionMode.equals("default") || permissionMode.equals("acceptEdits") || permissionMode.equals("plan"));
        }

        /** Reads the hook's stdin document and its environment; empty when it is not a Bash call. */
        public static Optional<Call> parse(String stdin, Map<String, String> env) {
            JsonNode doc;
            try {
                doc = JSON.readTree(stdin);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("the hook's input is not JSON");
            }
            if (doc == null || !doc.path("tool_name").asText().equals("Bash") || !doc.path("tool_input").isObject()
                    || !doc.path("tool_input").path("command").isTextual()) {
                return Optional.empty();
            }
            ObjectNode input = (ObjectNode) doc.get("tool_input");
            String project = env.getOrDefault("CLAUDE_PROJECT_DIR", doc.path("cwd").asText(""));
            if (project.isBlank() || !Path.of(project).isAbsolute()) {
                throw new IllegalArgumentException("the hook's input names no project folder (CLAUDE_PROJECT_DIR, cwd)");
            }
            Optional<String> description = Optional.of(input.path("description").asText("")).filter(d -> !d.isBlank());
            boolean attended = !"0".equals(env.get("CLAUDE_CODE_SESSION_ATTENDED"))
                    && !"sdk-cli".equals(env.get("CLAUDE_CODE_ENTRYPOINT"));
            return Optional.of(new Call("Bash", input.get("command").asText(), description, input.deepCopy(),
                    Path.of(project).normalize(), attended, doc.path("permission_mode").asText("default")));
        }
    }

    /**
     * The hook's answer ({@code hookSpecificOutput}) for a call and Airlock's verdict on it.
     *
     * @param airlock the airlock command the rewritten line calls (absolute)
     * @param session the project's warm session
     * @param promptGrant for a command that needs a person who sits at Claude Code: the token its yes there stands for
     */
    public static ObjectNode answer(Call call, ShellHook.Verdict verdict, String airlock, String session, Optional<String> promptGrant) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode specific = out.putObject("hookSpecificOutput");
        specific.put("hookEventName", "PreToolUse");
        switch (verdict) {
            case ShellHook.Verdict.Refused r -> {
                specific.put("permissionDecision", "deny");
                specific.put("permissionDecisionReason", ShellHook.refusal(r));
            }
            case ShellHook.Verdict.Runs r -> {
                specific.put("permissionDecision", "allow");
                specific.put("permissionDecisionReason", "Airlock runs it in a sandbox: " + r.summary());
                specific.set("updatedInput", rewritten(call, airlock, session, Optional.empty(), false));
                specific.put("additionalContext", ShellHook.CONTEXT);
            }
            case ShellHook.Verdict.NeedsPerson n when promptGrant.isPresent() -> {
                // Claude Code's prompt asks the person; the line it runs on a yes carries that yes to Airlock
                specific.put("permissionDecision", "ask");
                specific.put("permissionDecisionReason", ShellHook.questions(n) + "\nYes runs it once in Airlock's sandbox; no runs nothing.");
                specific.set("updatedInput", rewritten(call, airlock, session, promptGrant, true));
                specific.put("additionalContext", ShellHook.CONTEXT);
            }
            case ShellHook.Verdict.NeedsPerson n -> {
                specific.put("permissionDecision", "allow");
                specific.put("permissionDecisionReason", ShellHook.questions(n) + "\n" + ShellHook.QUEUE);
                specific.set("updatedInput", rewritten(call, airlock, session, Optional.empty(), true));
                specific.put("additionalContext", ShellHook.CONTEXT);
            }
        }
        return out;
    }

    /** The tool input with its command sent through {@code airlock exec}; a command that waits for a person gets the longest timeout. */
    static ObjectNode rewritten(Call call, String airlock, String session, Optional<String> promptGrant, boolean waits) {
        ObjectNode input = call.toolInput().deepCopy();
        input.put("command", ShellHook.execLine(airlock, session, call.description(), promptGrant, call.command()));
        if (waits) {
            input.put("timeout", MAX_TIMEOUT_MS);
        }
        return input;
    }

}
