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

    /**
     * Another sandbox of the workspace renames folders while the walk runs: a secret moved from a folder not
     * yet read into one already read would be missed, and left unmasked in the next container. Every scan
     * that returns must know where the secret is; a scan that cannot get a still picture refuses instead.
     */
    @Test
    void aWalkThatARenameDisturbedIsNeverTrusted() throws Exception {
        for (String d : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
            file(d + "/x/file.txt", "x");
        }
        file("b/config/.env", "TOKEN=1");
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        // flips the folder that holds the secret between a folder early in the walk and one late in it
        Thread mover = Thread.ofPlatform().start(() -> {
            Path early = ws.resolve("b/config");
            Path late = ws.resolve("g/config");
            for (int i = 0; i < 200_000 && !stop.get(); i++) {
                try {
                    Files.move(i % 2 == 0 ? early : late, i % 2 == 0 ? late : early);
                } catch (IOException e) {
                    return;
                }
            }
        });
        int trusted = 0;
        int refused = 0;
        try {
            var fast = new WorkspaceScan.Snapshots(3, java.time.Duration.ZERO);
            for (int i = 0; i < 400 && mover.isAlive(); i++) {
                try {
                    WorkspaceScan scan = WorkspaceScan.of(ws, MASKS, PROTECTS, List.of(), List.of(), fast);
                    assertThat(scan.masked()).as("scan %d", i).containsAnyOf("b/config/.env", "g/config/.env");
                    trusted++;
                } catch (dev.airlock.AirlockException e) {
                    assertThat(e.getMessage()).contains("kept changing");
                    refused++;
                }
            }
        } finally {
            stop.set(true);
            mover.join();
        }
        assertThat(trusted + refused).isPositive();
    }

    @Test
    void aStillWorkspaceIsReadOnce() throws IOException {
        file("b/config/.env", "TOKEN=1");
        WorkspaceScan scan = WorkspaceScan.of(ws, MASKS, PROTECTS, List.of(), List.of(), new WorkspaceScan.Snapshots(1, java.time.Duration.ZERO));
        assertThat(scan.masked()).containsExactly("b/config/.env");
    }
}
