package dev.airlock.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceScanTest {

    @TempDir
    Path ws;

    static final List<String> MASKS = List.of(".env", "*.pem", ".ssh/");
    static final List<String> PROTECTS = List.of(".git/hooks", ".git/config", ".airlock/");

    private void file(String rel, String text) throws IOException {
        Files.createDirectories(ws.resolve(rel).getParent());
        Files.writeString(ws.resolve(rel), text);
    }

    @Test
    void findsSecretsHardLinksAndProtectedPathsWithoutFollowingSymlinks() throws IOException {
        file(".env", "A=1");
        file("app/cert.pem", "x");
        file(".ssh/id_rsa", "k");
        file("src/Main.java", "class Main {}");
        file(".git/config", "[core]");
        Files.createDirectories(ws.resolve(".git/hooks"));
        file(".git/objects/ab/cdef", "blob");
        Files.createLink(ws.resolve("src/notes.txt"), ws.resolve(".env"));
        Files.createSymbolicLink(ws.resolve("link.pem"), Path.of("/etc/hostname"));

        WorkspaceScan scan = WorkspaceScan.of(ws, MASKS, PROTECTS);

        assertThat(scan.masked()).containsExactlyInAnyOrder(".env", ".ssh/", "app/cert.pem", "src/notes.txt");
        assertThat(scan.protect()).containsExactlyInAnyOrder(".git/config", ".git/hooks/");
        assertThat(scan.files()).isEqualTo(4); // .env, cert, Main.java, notes.txt; .git and .ssh are not walked
    }

    @Test
    void warnsAboutSeveralProjectsAndHomeLikeFolders() throws IOException {
        file("a/.git/config", "");
        file("b/.git/config", "");
        file(".bashrc", "");

        WorkspaceScan scan = WorkspaceScan.of(ws, MASKS, PROTECTS);

        assertThat(scan.warnings()).anyMatch(w -> w.contains("2 git repositories")).anyMatch(w -> w.contains("looks like a home folder"));
    }

    @Test
    void pinsRepositoriesProtectsTheirDeepConfigAndWatchesWhatHostProgramsRun() throws IOException {
        file(".git/config", "[core]");
        file(".git/HEAD", "ref: refs/heads/main");
        file(".git/objects/info/alternates", "/elsewhere");
        file(".git/modules/lib/HEAD", "ref: refs/heads/main");
        file(".git/modules/lib/config", "[core]");
        file(".git/modules/lib/hooks/pre-commit", "#!/bin/sh");
        file(".git/hooks/pre-push.sample", "#!/bin/sh");
        file("lib/.git", "gitdir: ../.git/modules/lib");
        file(".vscode/tasks.json", "{}");
        Files.createDirectories(ws.resolve("other"));
        Files.createSymbolicLink(ws.resolve("other/.git"), Path.of("/tmp"));

        WorkspaceScan scan = WorkspaceScan.of(ws, MASKS, List.of(".git/config", ".git/HEAD", ".git/objects/info/alternates",
                ".git/modules/**/config", ".git/modules/**/hooks", ".vscode/"), List.of(".git"), List.of(".vscode/"));

        assertThat(scan.pinned()).containsExactlyInAnyOrder(".git/", "lib/.git");
        assertThat(scan.protect()).contains(".git/config", ".git/HEAD", ".git/objects/info/alternates", ".git/modules/lib/config",
                ".git/modules/lib/hooks/", ".vscode/");
        assertThat(scan.watched().entries()).containsKeys(".git", ".git/config", ".git/objects/info/alternates",
                ".git/modules/lib/config", ".git/modules/lib/hooks/pre-commit", "lib/.git", ".vscode", "other/.git")
                .doesNotContainKey(".git/hooks/pre-push.sample");
        assertThat(scan.watched().entries().get("other/.git").role()).isEqualTo(Watched.Role.GIT_LINK);
        assertThat(scan.watched().entries().get(".git/config").bytes()).isPresent();
    }
}
