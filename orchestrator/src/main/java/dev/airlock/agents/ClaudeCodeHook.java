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

    /** Told to the model with each call that runs: it sees host paths everywhere else. */
    static final String CONTEXT = "This Bash command runs in Airlock's sandbox: the project folder is mounted at /workspace "
            + "there (the command starts in it) and nothing else of the host is visible, so use paths relative to the project.";

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

    /** What Airlock says about the command, from its assessment and plan in the project's session. */
    public sealed interface Verdict permits Verdict.Runs, Verdict.NeedsPerson, Verdict.Refused {

        /** Runs in the session's mode with nobody asked; {@code summary} says in which profile. */
        record Runs(String summary) implements Verdict {
        }

        /** A person must say yes: the three questions a person is asked, each in one line. */
        record NeedsPerson(String whatRuns, String affects, String why) implements Verdict {
        }

        /** Refused before anything runs (a deny rule, or more than the mode can give). */
        record Refused(String message, String hint) implements Verdict {
        }
    }

    /**
     * The hook's answer ({@code hookSpecificOutput}) for a call and Airlock's verdict on it.
     *
     * @param airlock the airlock command the rewritten line calls (absolute)
     * @param session the project's warm session
     * @param promptGrant for a command that needs a person who sits at Claude Code: the token its yes there stands for
     */
    public static ObjectNode answer(Call call, Verdict verdict, String airlock, String session, Optional<String> promptGrant) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode specific = out.putObject("hookSpecificOutput");
        specific.put("hookEventName", "PreToolUse");
        switch (verdict) {
            case Verdict.Refused r -> {
                specific.put("permissionDecision", "deny");
                specific.put("permissionDecisionReason", "Airlock refused this command; nothing ran. " + r.message()
                        + (r.hint().isBlank() ? "" : " (" + r.hint() + ")"));
            }
            case Verdict.Runs r -> {
                specific.put("permissionDecision", "allow");
                specific.put("permissionDecisionReason", "Airlock runs it in a sandbox: " + r.summary());
                specific.set("updatedInput", rewritten(call, airlock, session, Optional.empty(), false));
                specific.put("additionalContext", CONTEXT);
            }
            case Verdict.NeedsPerson n when promptGrant.isPresent() -> {
                // Claude Code's prompt asks the person; the line it runs on a yes carries that yes to Airlock
                specific.put("permissionDecision", "ask");
                specific.put("permissionDecisionReason", questions(n) + "\nYes runs it once in Airlock's sandbox; no runs nothing.");
                specific.set("updatedInput", rewritten(call, airlock, session, promptGrant, true));
                specific.put("additionalContext", CONTEXT);
            }
            case Verdict.NeedsPerson n -> {
                specific.put("permissionDecision", "allow");
                specific.put("permissionDecisionReason", questions(n)
                        + "\nAirlock waits for your answer: airlock approvals, then airlock approve ID or airlock deny ID.");
                specific.set("updatedInput", rewritten(call, airlock, session, Optional.empty(), true));
                specific.put("additionalContext", CONTEXT);
            }
        }
        return out;
    }

    /** The three questions, as the client shows a reason. */
    static String questions(Verdict.NeedsPerson n) {
        return "Airlock asks before this runs.\n  What will run: " + n.whatRuns() + "\n  What it affects: " + n.affects()
                + "\n  Why: " + n.why();
    }

    /** The tool input with its command sent through {@code airlock exec}; a command that waits for a person gets the longest timeout. */
    static ObjectNode rewritten(Call call, String airlock, String session, Optional<String> promptGrant, boolean waits) {
        ObjectNode input = call.toolInput().deepCopy();
        input.put("command", execLine(airlock, session, call.description(), promptGrant, call.command()));
        if (waits) {
            input.put("timeout", MAX_TIMEOUT_MS);
        }
        return input;
    }

    /**
     * {@code 'airlock' exec --session S --approver queue [--why '...'] -- bash -c 'CMD'}: every word single-quoted,
     * so nothing of the agent's command or description is read by the host's shell.
     */
    static String execLine(String airlock, String session, Optional<String> why, Optional<String> promptGrant, String command) {
        var line = new StringBuilder(quote(airlock)).append(" exec --session ").append(quote(session))
                .append(" --approver queue");
        promptGrant.ifPresent(t -> line.append(" --prompt-grant ").append(t));
        why.ifPresent(w -> line.append(" --why ").append(quote(w)));
        return line.append(" -- bash -c ").append(quote(command)).toString();
    }

    /** One word for a POSIX shell: inside single quotes, a quote is closed, escaped and reopened. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
