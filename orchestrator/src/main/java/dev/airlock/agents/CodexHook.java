package dev.airlock.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Codex CLI's {@code PreToolUse} hook for its shell tool (Codex names it {@code Bash} to hooks), as pure mapping. Codex
 * 0.171 takes a rewritten command only with {@code permissionDecision: "allow"}, refuses with {@code "deny"} and a
 * non-empty reason, and has no {@code "ask"}: a command that needs a person is rewritten to wait in Airlock's queue,
 * with the three questions in the message Codex shows.
 */
public final class CodexHook {

    private static final ObjectMapper JSON = dev.airlock.json.JsonMappers.TREES;

    private CodexHook() {
    }

    /**
     * One shell call as Codex hands it over: {@code {"tool_name": "Bash", "tool_input": {"command": "..."}, "cwd": ...}}.
     * Codex passes no justification to hooks; {@code why} is there for one that does.
     */
    public record Call(String command, Optional<String> why, Path projectDir) {

        /** Reads the hook's stdin document; empty when it is not a shell call. */
        public static Optional<Call> parse(String stdin) {
            JsonNode doc;
            try {
                doc = JSON.readTree(stdin);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("the hook's input is not JSON");
            }
            if (doc == null || !doc.path("tool_name").asText().equals("Bash") || !doc.path("tool_input").path("command").isTextual()) {
                return Optional.empty();
            }
            String cwd = doc.path("cwd").asText("");
            if (cwd.isBlank() || !Path.of(cwd).isAbsolute()) {
                throw new IllegalArgumentException("the hook's input names no project folder (cwd)");
            }
            JsonNode input = doc.get("tool_input");
            Optional<String> why = Optional.of(input.path("justification").asText(input.path("description").asText("")))
                    .filter(w -> !w.isBlank());
            return Optional.of(new Call(input.get("command").asText(), why, Path.of(cwd).normalize()));
        }
    }

    /** The answer for a call Airlock has nothing to say about (another project's): Codex goes on as it would. */
    public static ObjectNode pass() {
        return JSON.createObjectNode();
    }

    /**
     * The hook's answer for a call and Airlock's verdict on it: {@code airlock} is the command the rewritten line runs,
     * {@code token} the one the line carries ({@link HookLines}; unused for a refusal).
     */
    public static ObjectNode answer(Call call, ShellHook.Verdict verdict, String airlock, String token) {
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
                specific.set("updatedInput", rewritten(airlock, token));
                specific.put("additionalContext", ShellHook.CONTEXT);
            }
            case ShellHook.Verdict.NeedsPerson n -> {
                // no "ask" in Codex's hooks: the line waits in Airlock's queue, and Codex shows the questions as a message
                String questions = ShellHook.questions(n) + "\n" + ShellHook.QUEUE;
                out.put("systemMessage", questions);
                specific.put("permissionDecision", "allow");
                specific.put("permissionDecisionReason", questions);
                specific.set("updatedInput", rewritten(airlock, token));
                specific.put("additionalContext", ShellHook.CONTEXT + " This command waits until a person answers in Airlock's"
                        + " approval queue; if it is still running, wait for it rather than starting it again.");
            }
        }
        return out;
    }

    /**
     * {@code AIRLOCK hook run TOKEN}: plain words, which Codex's execpolicy matches (it matches no line with quotes
     * joined by escapes), and nothing of the agent's command in it for the host's shell to read.
     */
    static ObjectNode rewritten(String airlock, String token) {
        ObjectNode input = JSON.createObjectNode();
        input.put("command", ShellHook.program(airlock) + " hook run " + token);
        return input;
    }
}
