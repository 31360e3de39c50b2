package dev.airlock.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock init codex} writes only what it says: {@code --dry-run} writes nothing, {@code --undo} gives the
 * file back as it was, and a {@code .codex} the workspace turned into a link is refused, not written through.
 */
class InitCodexIT {

    @TempDir
    Path project;
    @TempDir
    Path state;
    @TempDir
    Path elsewhere;

    Cli cli() {
        return new Cli(state).cwd(project).env("CODEX_HOME", elsewhere.resolve("codex-home").toString());
    }

    @Test
    void dryRunPrintsTheBlockAndWritesNothing() {
        var r = cli().run("init", "codex", "--dry-run", "--launcher", "/opt/airlock/scripts/airlock");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("would write " + project.resolve(".codex/config.toml"), "[mcp_servers.airlock]",
                "default_tools_approval_mode = \"approve\"", "\"--approver\", \"elicit,queue\"");
        assertThat(project.resolve(".codex")).doesNotExist();
    }

    @Test
    void undoGivesTheUsersFileBackAsItWas() throws Exception {
        Path config = Files.createDirectories(elsewhere.resolve("codex-home")).resolve("config.toml");
        String mine = "model = \"o3\"\n\n[mcp_servers.docs]\ncommand = \"docs-server\"\n";
        Files.writeString(config, mine);

        var written = cli().run("init", "codex", "--scope", "user", "--launcher", "/opt/airlock/scripts/airlock");
        String withAirlock = Files.readString(config);
        var again = cli().run("init", "codex", "--scope", "user", "--launcher", "/opt/airlock/scripts/airlock");
        var undone = cli().run("init", "codex", "--scope", "user", "--undo");

        assertThat(written.exit()).as(written.toString()).isZero();
        assertThat(withAirlock).contains(mine, "[mcp_servers.airlock]", "features.shell_tool = false",
                "env = { AIRLOCK_STATE_DIR = \"" + state + "\" }").doesNotContain("--workspace");
        assertThat(again.exit()).isZero();
        assertThat(undone.exit()).as(undone.toString()).isZero();
        assertThat(config).hasContent(mine);
    }

    @Test
    void initWritesOnlyWhatItsDryRunSaysAndInitUndoWithoutAClientTakesOutEveryClientsPart() throws Exception {
        Path user = Files.createDirectories(elsewhere.resolve("codex-home")).resolve("config.toml");
        String mine = "model = \"o3\"\n";
        Files.writeString(user, mine);
        Path home = Files.createDirectories(elsewhere.resolve("home"));
        var preview = cli().run("init", "codex", "--dry-run", "--launcher", "/opt/airlock/scripts/airlock");
        var project = cli().run("init", "codex", "--launcher", "/opt/airlock/scripts/airlock");
        var users = cli().run("init", "codex", "--scope", "user", "--launcher", "/opt/airlock/scripts/airlock");
        var claude = cli().env("HOME", home.toString()).run("init", "claude-code", "--airlock", "/opt/airlock/scripts/airlock");
        String block = preview.out().substring(preview.out().indexOf('\n') + 1);
        Path config = this.project.resolve(".codex/config.toml");

        assertThat(project.exit()).as(project.toString()).isZero();
        assertThat(users.exit()).as(users.toString()).isZero();
        assertThat(claude.exit()).as(claude.toString()).isZero();
        assertThat(config).hasContent(block);
        var undoPreview = cli().env("HOME", home.toString()).run("init", "--undo", "--dry-run");
        assertThat(undoPreview.out()).contains("would remove the Airlock block from " + config,
                "would remove the Airlock block from " + user, "would remove from ");
        assertThat(config).hasContent(block);

        var undone = cli().env("HOME", home.toString()).run("init", "--undo");

        assertThat(undone.exit()).as(undone.toString()).isZero();
        assertThat(config).doesNotExist();
        assertThat(user).hasContent(mine);
        assertThat(this.project.resolve(".claude/settings.json")).doesNotExist();
        assertThat(state.resolve("init")).isEmptyDirectory();
        assertThat(cli().run("init", "--undo").err()).contains("nothing to undo");
    }

    @Test
    void aCodexFolderTheWorkspaceMadeALinkIsNotWrittenThrough() throws Exception {
        Files.createSymbolicLink(project.resolve(".codex"), elsewhere);

        var r = cli().run("init", "codex", "--launcher", "/opt/airlock/scripts/airlock");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("symbolic link");
        try (var files = Files.list(elsewhere)) {
            assertThat(files).isEmpty();
        }
    }
}
