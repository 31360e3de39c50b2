package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodexHookConfigTest {

    /** The hash Codex 0.171.0 took as trust for a hook {@code /tmp/cx/hook.sh} with a 30 s timeout (tried by hand: the hook ran). */
    @Test
    void theTrustHashIsTheOneCodexComputes() {
        assertThat(CodexHookConfig.trustedHash("/tmp/cx/hook.sh", 30))
                .isEqualTo("sha256:8c6012c1a87f4b5aab4cde3f3676db84196f996558cd693d93c71e571c6363de");
    }

    @Test
    void theBlockNamesTheHookItsTrustAndItsGroup() {
        var hook = new CodexHookConfig(Path.of("/home/u/.codex/config.toml"), "/opt/airlock/scripts/airlock", "default",
                Optional.of(Path.of("/src/app")));
        String block = hook.block(2);
        assertThat(block).startsWith(CodexConfig.BEGIN).endsWith(CodexConfig.END + "\n")
                .contains("[[hooks.PreToolUse]]\nmatcher = \"Bash\"", "timeout = 600",
                        "[hooks.state.\"/home/u/.codex/config.toml:pre_tool_use:2:0\"]", "trusted_hash = \"" + hook.trustedHash() + "\"",
                        "hook codex --airlock '/opt/airlock/scripts/airlock' --mode 'default' --workspace '/src/app'");
        assertThat(CodexConfig.without("a = 1\n\n" + block)).contains("a = 1\n");
        assertThat(hook.rules()).isEqualTo(Path.of("/home/u/.codex/rules/airlock.rules"));
        assertThat(hook.rulesFile()).contains("prefix_rule(pattern = [\"/opt/airlock/scripts/airlock\", \"hook\", \"run\"], decision = \"allow\")");
    }

    @Test
    void theGroupIndexCountsTheFilesOwnPreToolUseGroups() {
        assertThat(CodexHookConfig.groupsBefore("model = \"x\"\n")).isZero();
        assertThat(CodexHookConfig.groupsBefore("[[hooks.PreToolUse]]\nmatcher = \"x\"\n[[hooks.PreToolUse.hooks]]\n[[hooks.PreToolUse]]\n")).isEqualTo(2);
        assertThatThrownBy(() -> CodexHookConfig.groupsBefore("hooks.PreToolUse = []\n")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Codex runs the command when its hook fails or says nothing: the hook line makes each of those a block (exit 2 and a reason). */
    @ParameterizedTest
    @CsvSource({"exit 1,2", "exit 0,2", "echo not-json,2", "printf {},0", "sleep 0; exit 125,2"})
    void anythingButAirlocksAnswerBlocks(String body, int exit, @TempDir Path dir) throws Exception {
        Path fake = dir.resolve("airlock");
        Files.writeString(fake, "#!/bin/sh\ncat >/dev/null\n" + body + "\n");
        fake.toFile().setExecutable(true);
        String line = new CodexHookConfig(dir.resolve("config.toml"), fake.toString(), "default", Optional.empty()).hookCommand();
        for (String shell : new String[] {"sh", "bash"}) {
            Process p = new ProcessBuilder(shell, "-c", line).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(shell + ": " + err).isEqualTo(exit);
            if (exit == 2) {
                assertThat(err).contains("did not run");
            }
        }
    }
}
