package dev.airlock.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ClaudeCodeHookTest {

    private static ClaudeCodeHook.Call call(String command, Map<String, String> env) {
        String input = "{\"cwd\":\"/src/app\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",\"tool_input\":"
                + ClaudeCodeHook.JSON_FOR_TESTS.valueToTree(Map.of("command", command, "description", "it's needed")) + "}";
        return ClaudeCodeHook.Call.parse(input, env).orElseThrow();
    }

    /** The rewritten line, run by a real shell, hands bash -c exactly the agent's command: nothing of it reaches the host's shell. */
    @ParameterizedTest
    @ValueSource(strings = {"echo hi", "echo 'a' \"b\" $HOME `id` $(id) ; rm -rf /", "it's; '\\''; \\\"", "multi\nline\n\t'x'", "a'b'c''", "awk '{print $1}'", "echo 'it' \"is\"", ""})
    void theHostShellPassesTheCommandThroughUntouched(String command, @TempDir Path dir) throws Exception {
        Path fake = dir.resolve("airlock");
        Files.writeString(fake, "#!/bin/sh\nfor a; do last=$a; done\nprintf '%s' \"$last\" > " + dir.resolve("got") + "\n");
        fake.toFile().setExecutable(true);
        String line = ShellHook.execLine(fake.toString(), "s-1", Optional.of("it's needed"), Optional.of("0123"), command);
        Process p = new ProcessBuilder("bash", "-c", line).start();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.readString(dir.resolve("got"))).isEqualTo(command);
    }

    @Test
    void aRefusalDeniesWithTheReasonAndARunIsRewritten() {
        var c = call("rm -rf /", Map.of("CLAUDE_PROJECT_DIR", "/src/app", "CLAUDE_CODE_SESSION_ATTENDED", "0"));
        var denied = ClaudeCodeHook.answer(c, new ShellHook.Verdict.Refused("a deny rule matched", "do not"), "/a", "s-1", Optional.empty());
        assertThat(denied.at("/hookSpecificOutput/permissionDecision").asText()).isEqualTo("deny");
        assertThat(denied.at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("Airlock refused").contains("a deny rule matched");
        assertThat(denied.at("/hookSpecificOutput/updatedInput").isMissingNode()).isTrue();

        var runs = ClaudeCodeHook.answer(c, new ShellHook.Verdict.Runs("profile workspace-write"), "/a", "s-1", Optional.empty());
        assertThat(runs.at("/hookSpecificOutput/permissionDecision").asText()).isEqualTo("allow");
        assertThat(runs.at("/hookSpecificOutput/updatedInput/command").asText())
                .isEqualTo("/a exec --session 's-1' --approver queue --why 'it'\\''s needed' -- bash -c 'rm -rf /'");
        assertThat(runs.at("/hookSpecificOutput/updatedInput/description").asText()).isEqualTo("it's needed");
    }

    @Test
    void aCommandNeedingAPersonWaitsAsLongAsTheToolMayAndSaysTheThreeQuestions() {
        var c = call("git push", Map.of("CLAUDE_PROJECT_DIR", "/src/app", "CLAUDE_CODE_SESSION_ATTENDED", "0"));
        var asks = ClaudeCodeHook.answer(c, new ShellHook.Verdict.NeedsPerson("git push", "NETWORK", "\"ship it\""), "/a", "s-1", Optional.empty());
        assertThat(asks.at("/hookSpecificOutput/updatedInput/timeout").asLong()).isEqualTo(ClaudeCodeHook.MAX_TIMEOUT_MS);
        assertThat(asks.at("/hookSpecificOutput/permissionDecisionReason").asText())
                .contains("What will run: git push").contains("What it affects: NETWORK").contains("Why: \"ship it\"");
    }

    @Test
    void aPersonAtClaudeCodeIsAskedInItsOwnPromptAndTheYesTravelsWithTheLine() {
        var c = call("git push", Map.of("CLAUDE_PROJECT_DIR", "/src/app", "CLAUDE_CODE_SESSION_ATTENDED", "1"));
        assertThat(c.promptsPerson()).isTrue();
        var asks = ClaudeCodeHook.answer(c, new ShellHook.Verdict.NeedsPerson("git push", "NETWORK", "\"ship it\""), "/a", "s-1",
                Optional.of("00ff"));
        assertThat(asks.at("/hookSpecificOutput/permissionDecision").asText()).isEqualTo("ask");
        assertThat(asks.at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("What will run: git push");
        assertThat(asks.at("/hookSpecificOutput/updatedInput/command").asText()).contains("--prompt-grant 00ff --why");
    }

    @Test
    void aModeThatAnswersPromptsItselfLeavesThePersonToAirlocksQueue() {
        String input = "{\"cwd\":\"/src/app\",\"permission_mode\":\"bypassPermissions\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"ls\"}}";
        assertThat(ClaudeCodeHook.Call.parse(input, Map.of("CLAUDE_CODE_SESSION_ATTENDED", "1")).orElseThrow().promptsPerson()).isFalse();
    }

    @Test
    void otherToolsAreNotTheHooksBusiness() {
        assertThat(ClaudeCodeHook.Call.parse("{\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\"/x\"}}", Map.of())).isEmpty();
    }

    @Test
    void clientRunsWithoutAPersonAreNotAttended() throws IOException {
        assertThat(call("ls", Map.of("CLAUDE_CODE_SESSION_ATTENDED", "0")).attended()).isFalse();
        assertThat(call("ls", Map.of("CLAUDE_CODE_ENTRYPOINT", "sdk-cli")).attended()).isFalse();
        assertThat(call("ls", Map.of("CLAUDE_CODE_SESSION_ATTENDED", "1", "CLAUDE_CODE_ENTRYPOINT", "cli")).attended()).isTrue();
        assertThat(call("ls", Map.of()).projectDir()).isEqualTo(Path.of("/src/app"));
    }
}
