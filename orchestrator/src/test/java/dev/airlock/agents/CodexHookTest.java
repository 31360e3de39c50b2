package dev.airlock.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CodexHookTest {

    /** What Codex 0.171.0 writes to a PreToolUse hook for exec_command (seen by a hook that logged its stdin). */
    static final String INPUT = """
            {"session_id":"s","turn_id":"t","transcript_path":null,"cwd":"/src/app","hook_event_name":"PreToolUse",
             "model":"m","permission_mode":"bypassPermissions","tool_name":"Bash","tool_input":{"command":"cat hello.txt"},"tool_use_id":"call_5"}
            """;

    @Test
    void aShellCallIsReadAndOtherToolsAreNot() {
        var call = CodexHook.Call.parse(INPUT).orElseThrow();
        assertThat(call.command()).isEqualTo("cat hello.txt");
        assertThat(call.projectDir()).isEqualTo(Path.of("/src/app"));
        assertThat(call.why()).isEmpty();
        assertThat(CodexHook.Call.parse(INPUT.replace("\"Bash\"", "\"apply_patch\""))).isEmpty();
        assertThatThrownBy(() -> CodexHook.Call.parse("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CodexHook.Call.parse(INPUT.replace("\"/src/app\"", "\"\""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachVerdictIsAnAnswerCodexTakes() {
        var call = CodexHook.Call.parse(INPUT).orElseThrow();
        String token = "0123456789abcdef0123456789abcdef";
        var runs = CodexHook.answer(call, new ShellHook.Verdict.Runs("profile workspace-write"), "/a", token).path("hookSpecificOutput");
        assertThat(runs.path("permissionDecision").asText()).isEqualTo("allow");
        // plain words only, whatever the command: the execpolicy rule matches it, and the host's shell reads nothing of the agent's
        assertThat(runs.at("/updatedInput/command").asText()).isEqualTo("/a hook run " + token);
        assertThat(CodexHook.answer(call, new ShellHook.Verdict.Runs("p"), "/opt/my airlock/airlock", token)
                .at("/hookSpecificOutput/updatedInput/command").asText()).isEqualTo("'/opt/my airlock/airlock' hook run " + token);
        var denied = CodexHook.answer(call, new ShellHook.Verdict.Refused("a deny rule matched", ""), "/a", "").path("hookSpecificOutput");
        // Codex wants a reason with a deny, and no updatedInput
        assertThat(denied.path("permissionDecision").asText()).isEqualTo("deny");
        assertThat(denied.path("permissionDecisionReason").asText()).startsWith("Airlock refused this command; nothing ran. a deny rule matched");
        assertThat(denied.has("updatedInput")).isFalse();

        // no "ask" in Codex: allowed, rewritten to wait in the queue, the questions shown
        var asks = CodexHook.answer(call, new ShellHook.Verdict.NeedsPerson("rm -rf old", "DESTRUCTIVE", "no reason given"), "/a", token);
        assertThat(asks.at("/hookSpecificOutput/permissionDecision").asText()).isEqualTo("allow");
        assertThat(asks.at("/hookSpecificOutput/updatedInput/command").asText()).isEqualTo("/a hook run " + token);
        assertThat(asks.path("systemMessage").asText()).contains("What will run: rm -rf old", "What it affects: DESTRUCTIVE",
                "Why: no reason given", "airlock approve ID");
    }
}
