package dev.airlock.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonEditsTest {

    @TempDir
    Path home;

    private ClaudeCodeSetup setup(boolean mcp) {
        return new ClaudeCodeSetup(home, "/opt/airlock/scripts/airlock", Optional.of(Path.of("/src/app")), "default", mcp);
    }

    @Test
    void undoLeavesTheUsersOwnSettingsExactlyAsTheyWere() throws Exception {
        Path settings = home.resolve(".claude/settings.json");
        Files.createDirectories(settings.getParent());
        String mine = "{\"model\":\"opus\",\"hooks\":{\"PreToolUse\":[{\"matcher\":\"Write\",\"hooks\":[]}]},\"permissions\":{\"allow\":[\"Read\"]}}";
        Files.writeString(settings, mine);
        var applied = JsonEdits.apply(setup(true).edits());
        assertThat(Files.readString(settings)).contains("hook claude-code").contains("mcp__airlock").contains("\"opus\"");
        JsonEdits.undo(applied);
        assertThat(JsonEdits.JSON.readTree(settings.toFile())).isEqualTo(JsonEdits.JSON.readTree(mine));
        assertThat(home.resolve(".claude.json")).doesNotExist();
    }

    @Test
    void undoRemovesTheFilesInitCreatedAndNothingAPersonAddedSince() throws Exception {
        var applied = JsonEdits.apply(setup(false).edits());
        Path settings = home.resolve(".claude/settings.json");
        assertThat(settings).exists();
        JsonEdits.undo(applied);
        assertThat(settings).doesNotExist();

        applied = JsonEdits.apply(setup(false).edits());
        String withMine = Files.readString(settings).replaceFirst("\\{", "{\"theme\":\"dark\",");
        Files.writeString(settings, withMine);
        JsonEdits.undo(applied);
        assertThat(JsonEdits.JSON.readTree(settings.toFile())).isEqualTo(JsonEdits.JSON.readTree("{\"theme\":\"dark\"}"));
    }

    @Test
    void applyingTwiceAddsOnce() {
        assertThat(JsonEdits.apply(setup(true).edits())).hasSize(3);
        assertThat(JsonEdits.apply(setup(true).edits())).isEmpty();
    }

    @Test
    void aSettingsFileThatIsALinkIsRefused() throws Exception {
        Path real = home.resolve("elsewhere.json");
        Files.writeString(real, "{}");
        Files.createDirectories(home.resolve(".claude"));
        Files.createSymbolicLink(home.resolve(".claude/settings.json"), real);
        assertThatThrownBy(() -> JsonEdits.apply(setup(false).edits())).isInstanceOf(AirlockException.class)
                .hasMessageContaining("not a regular file");
        assertThat(Files.readString(real)).isEqualTo("{}");
    }

    @Test
    void theRecordKeepsBlockFilesBesideTheEditsAndGoesWhenBothAreUndone() {
        var applied = JsonEdits.apply(setup(true).edits());
        Path state = home.resolve("state");
        Path codex = home.resolve(".codex/config.toml");
        InitRecord.add(state, "claude-code", applied);
        InitRecord.addBlock(state, "codex", codex);
        InitRecord.addBlock(state, "codex", codex);

        assertThat(InitRecord.clients(state)).containsExactly("claude-code", "codex");
        assertThat(InitRecord.blocks(state, "codex")).containsExactly(codex);
        assertThat(InitRecord.read(state, "claude-code")).isEqualTo(applied);
        InitRecord.forgetBlock(state, "codex", codex);
        assertThat(InitRecord.clients(state)).containsExactly("claude-code");
    }

    @Test
    void theRecordRoundTripsWhatWasApplied() {
        var applied = JsonEdits.apply(setup(true).edits());
        Path state = home.resolve("state");
        InitRecord.add(state, "claude-code", applied);
        assertThat(InitRecord.clients(state)).containsExactly("claude-code");
        assertThat(InitRecord.read(state, "claude-code")).isEqualTo(applied);
        JsonEdits.undo(InitRecord.read(state, "claude-code"));
        assertThat(home.resolve(".claude/settings.json")).doesNotExist();
        assertThat(home.resolve(".claude.json")).doesNotExist();
    }

    @Test
    void userScopeSendsEveryProjectThroughAirlockAndAddsTheMcpServerForTheUser() {
        var user = new ClaudeCodeSetup(home, "/opt/airlock/scripts/airlock", Optional.empty(), "auto-review", true);
        assertThat(user.hookCommand()).doesNotContain("--workspace").contains("--mode 'auto-review'");
        assertThat(user.edits()).extracting(JsonEdits.Edit::where)
                .containsExactly("hooks.PreToolUse[]", "mcpServers.airlock", "permissions.allow[]");
        assertThat(setup(true).edits()).extracting(JsonEdits.Edit::where)
                .containsExactly("hooks.PreToolUse[]", "projects./src/app.mcpServers.airlock", "permissions.allow[]");
        assertThat(setup(true).edits().get(1).value().path("args").toString()).contains("\"--workspace\",\"/src/app\"");
    }

    @Test
    void theHookCommandBlocksTheCallWhenAirlockFails() {
        assertThat(setup(false).hookCommand()).endsWith("|| exit 2")
                .isEqualTo("'/opt/airlock/scripts/airlock' hook claude-code --airlock '/opt/airlock/scripts/airlock' --mode 'default'"
                        + " --workspace '/src/app' || exit 2");
        assertThat(List.of(setup(false).edits().getFirst().where())).containsExactly("hooks.PreToolUse[]");
    }
}
