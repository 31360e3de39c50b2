package dev.airlock.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.scope.PathPatterns;
import dev.airlock.scope.Watched;
import dev.airlock.scope.WorkspaceScan;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a command leaves that a host program would run is undone, and nothing else is touched. */
class HostGuardTest {

    static final List<String> TOOLS = List.of(".claude/", ".codex/", ".mcp.json", ".vscode/", ".envrc");
    static final String CONFIG = "[core]\n\trepositoryformatversion = 0\n\tbare = false\n";

    @TempDir
    Path ws;
    @TempDir
    Path outside;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(ws.resolve(".git/hooks"));
        Files.createDirectories(ws.resolve(".git/objects/info"));
        Files.writeString(ws.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(ws.resolve(".git/config"), CONFIG);
        Files.writeString(ws.resolve(".git/hooks/pre-commit.sample"), "#!/bin/sh\n");
        Files.createDirectories(ws.resolve(".vscode"));
        Files.writeString(ws.resolve(".vscode/settings.json"), "{}");
        Files.writeString(ws.resolve("app.txt"), "v1\n");
    }

    private Watched before() {
        return WorkspaceScan.of(ws, List.of(), List.of(), List.of(".git"), TOOLS).watched();
    }

    private List<Finding> enforce(Watched before, Set<String> lifted) {
        return HostGuard.enforce(ws, before, PathPatterns.of(TOOLS), lifted, List.of());
    }

    @Test
    void nothingChangedNothingFound() throws Exception {
        Watched before = before();
        Files.writeString(ws.resolve("app.txt"), "v2\n");
        Files.writeString(ws.resolve(".git/config"), CONFIG + "[user]\n\tname = someone\n");

        assertThat(enforce(before, Set.of())).isEmpty();
        assertThat(Files.readString(ws.resolve(".git/config"))).contains("someone");
    }

    @Test
    void aConfigThatNowRunsAProgramGetsItsBytesBack() throws Exception {
        Watched before = before();
        Files.writeString(ws.resolve(".git/config"), CONFIG + "[core] fsMonitor = \"touch /tmp/x\"\n");

        List<Finding> found = enforce(before, Set.of());

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(".git/config");
            assertThat(f.what()).contains("core.fsmonitor").doesNotContain("touch");
            assertThat(f.undone()).isEqualTo("restored");
        });
        assertThat(Files.readString(ws.resolve(".git/config"))).isEqualTo(CONFIG);
    }

    @Test
    void aRenamedRepositoryAndANewOneInItsPlaceAreUndone() throws Exception {
        Watched before = before();
        Files.move(ws.resolve(".git"), ws.resolve(".git-orig"));
        Files.createDirectories(ws.resolve(".git/hooks"));
        Files.writeString(ws.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(ws.resolve(".git/config"), "[alias]\n\tst = !touch /tmp/x\n");
        Files.writeString(ws.resolve(".git/hooks/post-checkout"), "#!/bin/sh\ntouch /tmp/x\n");
        Files.writeString(ws.resolve(".git/commondir"), "../.evil\n");

        List<Finding> found = enforce(before, Set.of());

        assertThat(found).extracting(Finding::path).contains(".git/config", ".git/hooks/post-checkout", ".git/commondir");
        assertThat(Files.readString(ws.resolve(".git/config"))).isEqualTo(CONFIG); // the old bytes, at the old path
        assertThat(ws.resolve(".git/hooks/post-checkout")).doesNotExist();
        assertThat(ws.resolve(".git/commondir")).doesNotExist();
    }

    @Test
    void aGitLinkAndAGitfileThatLeaveAreRemoved() throws Exception {
        Files.createDirectories(ws.resolve("sub"));
        Files.createDirectories(ws.resolve("mod"));
        Files.createDirectories(ws.resolve("inner"));
        Watched before = before();
        Files.createSymbolicLink(ws.resolve("sub/.git"), outside);
        Files.writeString(ws.resolve("mod/.git"), "gitdir: ../../elsewhere/.git\n");
        Files.writeString(ws.resolve("inner/.git"), "gitdir: ../.git/modules/inner\n");

        List<Finding> found = enforce(before, Set.of());

        assertThat(found).extracting(Finding::path).containsExactlyInAnyOrder("sub/.git", "mod/.git");
        assertThat(Files.exists(ws.resolve("sub/.git"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(ws.resolve("mod/.git")).doesNotExist();
        assertThat(ws.resolve("inner/.git")).exists();
        assertThat(outside).exists();
    }

    @Test
    void aNewRepositoryWithAPlantedConfigLosesIt() throws Exception {
        Watched before = before();
        Files.createDirectories(ws.resolve("lib/.git/hooks"));
        Files.writeString(ws.resolve("lib/.git/config"), CONFIG + "[core]\n\thooksPath = ../hooks\n");
        Files.writeString(ws.resolve("lib/.git/hooks/update.sample"), "sample");
        Files.createDirectories(ws.resolve(".git/modules/m/hooks"));
        Files.writeString(ws.resolve(".git/modules/m/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(ws.resolve(".git/modules/m/config"), "[diff \"x\"]\n\ttextconv = evil\n");
        Files.writeString(ws.resolve(".git/objects/info/alternates"), outside + "\n");

        List<Finding> found = enforce(before, Set.of());

        assertThat(found).extracting(Finding::path)
                .containsExactlyInAnyOrder("lib/.git/config", ".git/modules/m/config", ".git/objects/info/alternates");
        assertThat(ws.resolve("lib/.git/hooks/update.sample")).exists();
        assertThat(ws.resolve("lib/.git/config")).doesNotExist();
    }

    @Test
    void hostToolFilesThatAppearAreRemovedAndNoPlaceholderIsLeft() throws Exception {
        Watched before = before();
        Files.createDirectories(ws.resolve(".claude"));
        Files.writeString(ws.resolve(".claude/settings.json"), "{\"hooks\": {}}");
        Files.writeString(ws.resolve(".mcp.json"), "{}");
        Files.writeString(ws.resolve(".envrc"), "echo hi");
        Files.createDirectories(ws.resolve("pkg/.codex"));
        Files.writeString(ws.resolve("pkg/.codex/config.toml"), "x");

        List<Finding> found = enforce(before, Set.of());

        assertThat(found).extracting(Finding::path).containsExactlyInAnyOrder(".claude", ".mcp.json", ".envrc", "pkg/.codex");
        assertThat(found).allSatisfy(f -> assertThat(f.undone()).isEqualTo("removed"));
        for (String gone : List.of(".claude", ".mcp.json", ".envrc", "pkg/.codex")) {
            assertThat(ws.resolve(gone)).doesNotExist();
        }
        assertThat(ws.resolve(".vscode/settings.json")).exists();
    }

    @Test
    void anApprovedWriteStays() throws Exception {
        Watched before = before();
        Files.createDirectories(ws.resolve(".claude"));
        Files.writeString(ws.resolve(".claude/settings.json"), "{}");

        assertThat(enforce(before, Set.of(".claude/settings.json"))).isEmpty();
        assertThat(ws.resolve(".claude/settings.json")).exists();
    }

    @Test
    void undoingFollowsNoLink() throws Exception {
        Files.createDirectories(outside.resolve(".git"));
        Files.writeString(outside.resolve(".git/config"), "[core]\n\tfsmonitor = x\n");
        Watched before = before();
        Files.createSymbolicLink(ws.resolve("lib"), outside);

        enforce(before, Set.of());

        assertThat(outside.resolve(".git/config")).exists(); // the walk does not enter the link, nor does undoing
    }
}
