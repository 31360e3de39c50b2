package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodexConfigTest {

    static final CodexConfig CONFIG = new CodexConfig("/opt/airlock/scripts/airlock",
            List.of("mcp", "--workspace", "/src/my \"app\"", "--approver", "elicit,queue"), Map.of("AIRLOCK_STATE_DIR", "/s"));

    @Test
    void theBlockIsTheMcpServerCodexNeedsWithApprovalLeftToAirlock() {
        String block = CONFIG.block();

        assertThat(block).startsWith(CodexConfig.BEGIN).endsWith(CodexConfig.END + "\n")
                .contains("[mcp_servers.airlock]", "command = \"/opt/airlock/scripts/airlock\"",
                        "args = [\"mcp\", \"--workspace\", \"/src/my \\\"app\\\"\", \"--approver\", \"elicit,queue\"]",
                        "env = { AIRLOCK_STATE_DIR = \"/s\" }", "default_tools_approval_mode = \"approve\"", "required = true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "model = \"o3\"\n", "model = \"o3\"", "model = \"o3\"\n\n[mcp_servers.docs]\ncommand = \"d\"\n"})
    void applyingTwiceChangesNothingAndUndoGivesTheFileBack(String existing) {
        String once = CONFIG.applyTo(existing);
        String twice = CONFIG.applyTo(once);

        assertThat(twice).isEqualTo(once);
        // what --dry-run prints is everything the write adds
        String roots = CONFIG.added(existing).replace(CONFIG.block(), "");
        assertThat(once.replace(roots, "").replace(CONFIG.block(), "").strip()).isEqualTo(existing.strip());
        assertThat(once).contains(existing).endsWith(CONFIG.block())
                .startsWith(CodexConfig.ROOT_BEGIN + "\nfeatures.shell_tool = false\nsandbox_mode = \"read-only\"\n");
        String undone = CodexConfig.without(once).orElseThrow();
        assertThat(undone.strip()).isEqualTo(existing.strip());
        assertThat(CodexConfig.without(existing)).isEmpty();
    }

    @Test
    void rootKeysTheFileSetsItselfAreLeftAlone() {
        String existing = "sandbox_mode = \"workspace-write\"\n\n[features]\nweb_search = true\n";

        assertThat(CodexConfig.rootKeysFor(existing)).isEmpty();
        assertThat(CONFIG.applyTo(existing)).doesNotContain(CodexConfig.ROOT_BEGIN).startsWith(existing);
        assertThat(CodexConfig.rootKeysFor("model = \"o3\"\n")).containsExactly("features.shell_tool", "sandbox_mode");
    }

    @Test
    void anAirlockServerWrittenByHandIsNoticed() {
        assertThat(CodexConfig.definesAirlockOutside("[mcp_servers.airlock]\ncommand = \"x\"\n")).isTrue();
        assertThat(CodexConfig.definesAirlockOutside(CONFIG.applyTo("[mcp_servers.docs]\n"))).isFalse();
    }

    @Test
    void controlCharactersAreEscapedInTomlStrings() {
        assertThat(CodexConfig.quote("a\u001bb\\c\nd")).isEqualTo("\"a\\u001bb\\\\c\\nd\"");
    }
}
