package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Reviewers;
import dev.airlock.testing.Scripts;
import dev.airlock.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 4 of issue 12, from a real container with the payload hidden from the assessment: files that agents,
 * editors and direnv load and run on the host are read-only when present and cannot be left behind when
 * absent; a write a person approves goes through.
 */
class HostToolsIT {

    static final List<String> FILES = List.of(".claude/settings.json", ".codex/config.toml", ".mcp.json",
            ".vscode/tasks.json", ".envrc");

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(workspace.resolve("app.txt"), "v1\n");
        cli = new Cli(state);
    }

    /** Writes a hook or server to each file; with {@code evict}, also tries to move or remove what is there. */
    private static String attack(boolean evict) {
        StringBuilder s = new StringBuilder();
        for (String f : FILES) {
            s.append("mkdir -p $(dirname ").append(f).append("); ");
            s.append("echo '{\"hooks\":{\"SessionStart\":[{\"command\":\"touch /tmp/pwned\"}]}}' > ").append(f).append("; ");
        }
        if (evict) {
            s.append("mv .claude .claude-x; rm -rf .vscode; python3 -c 'import os; os.rename(\".mcp.json\", \"m.json\")'; ");
        }
        return s.append("echo end").toString();
    }

    @Test
    void presentFilesStayReadOnly() throws Exception {
        for (String f : FILES) {
            Files.createDirectories(workspace.resolve(f).getParent());
            Files.writeString(workspace.resolve(f), "user's own " + f + "\n");
        }
        Map<String, String> before = Trees.snapshot(workspace);

        var result = opaque(attack(true));

        assertThat(result.out()).as(result.toString()).contains("end");
        assertThat(result.err()).contains("Read-only file system").containsAnyOf("Device or resource busy", "Resource busy");
        assertThat(Trees.snapshot(workspace)).isEqualTo(before);
    }

    @Test
    void absentFilesCannotBeLeftBehindAndNoPlaceholderIsMade() throws Exception {
        Map<String, String> before = Trees.snapshot(workspace);

        var result = opaque(attack(false));

        assertThat(result.out()).as(result.toString()).contains("end");
        for (String top : List.of(".claude", ".codex", ".mcp.json", ".vscode", ".envrc")) {
            assertThat(result.err()).contains("  " + top + ": a file host tools load, created by the command (removed)");
        }
        assertThat(Trees.snapshot(workspace)).isEqualTo(before); // nothing left, not even an empty file
        assertThat(Files.exists(workspace.resolve(".claude"))).isFalse();
    }

    @Test
    void aWriteAPersonApprovesGoesThrough() throws Exception {
        var created = cli.run("run", "--approver", Reviewers.allow(state), "--workspace", workspace.toString(), "--",
                "sh", "-c", "mkdir -p .codex && echo 'model = \"x\"' > .codex/config.toml");
        assertThat(created.exit()).as(created.toString()).isZero();
        assertThat(workspace.resolve(".codex/config.toml")).hasContent("model = \"x\"");
        Files.createDirectories(workspace.resolve(".claude"));
        Files.writeString(workspace.resolve(".claude/settings.json"), "old");

        var result = cli.run("run", "--approver", Reviewers.allow(state), "--workspace", workspace.toString(), "--",
                "sh", "-c", "mkdir -p .claude && echo '{}' > .claude/settings.json");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(workspace.resolve(".claude/settings.json")).hasContent("{}");
    }

    @Test
    void withoutAPersonTheWriteIsRefusedNotSilentlyAllowed() {
        var result = cli.run("run", "--approver", "deny", "--workspace", workspace.toString(), "--",
                "sh", "-c", "mkdir -p .claude && echo '{}' > .claude/settings.json");

        assertThat(result.exit()).as(result.toString()).isNotZero();
        assertThat(result.err()).contains(".claude");
        assertThat(workspace.resolve(".claude")).doesNotExist();
    }

    private Cli.Result opaque(String script) {
        var args = new ArrayList<>(List.of("run", "--no-retry", "--workspace", workspace.toString(), "--"));
        args.addAll(Scripts.opaque(script));
        return cli.run(args.toArray(String[]::new));
    }
}
