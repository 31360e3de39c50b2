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
}
