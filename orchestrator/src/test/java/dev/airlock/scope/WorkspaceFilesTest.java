package dev.airlock.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Host-side reads of workspace files follow no link in any component, and read only single-link regular files. */
class WorkspaceFilesTest {

    @TempDir
    Path workspace;
    @TempDir
    Path host;

    @BeforeEach
    void secret() throws Exception {
        Files.writeString(host.resolve("token"), "{\"token\": \"S3CRET\"}");
        Files.createDirectories(host.resolve("dir/profiles"));
        Files.writeString(host.resolve("dir/modes.json"), "S3CRET");
        Files.createDirectories(workspace.resolve(".airlock/profiles"));
    }

    @Test
    void aPlainFileIsReadAndAnAbsentOneIsEmpty() throws Exception {
        Files.writeString(workspace.resolve(".airlock/modes.json"), "{}");

        assertThat(WorkspaceFiles.read(workspace, ".airlock/modes.json", 100)).hasValueSatisfying(
                b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{}"));
        assertThat(WorkspaceFiles.read(workspace, ".airlock/rules.json", 100)).isEmpty();
        assertThat(WorkspaceFiles.read(workspace, "nothing/here.json", 100)).isEmpty();
        assertThat(WorkspaceFiles.list(workspace, ".airlock")).containsExactly("modes.json", "profiles");
        assertThat(WorkspaceFiles.isFolder(workspace, ".airlock/profiles")).isTrue();
    }

    @Test
    void aSymlinkedFileIsRefused() throws Exception {
        Files.createSymbolicLink(workspace.resolve(".airlock/modes.json"), host.resolve("token"));

        assertThatThrownBy(() -> WorkspaceFiles.read(workspace, ".airlock/modes.json", 100))
                .isInstanceOf(WorkspaceFiles.Refused.class).hasMessage("is a symbolic link; Airlock follows no link in the workspace");
    }

    @Test
    void aSymlinkedFolderIsRefusedForReadsAndListings() throws Exception {
        Files.delete(workspace.resolve(".airlock/profiles"));
        Files.delete(workspace.resolve(".airlock"));
        Files.createSymbolicLink(workspace.resolve(".airlock"), host.resolve("dir"));

        assertThatThrownBy(() -> WorkspaceFiles.read(workspace, ".airlock/modes.json", 100))
                .isInstanceOf(WorkspaceFiles.Refused.class).hasMessage(".airlock is a symbolic link; Airlock follows no link in the workspace");
        assertThatThrownBy(() -> WorkspaceFiles.list(workspace, ".airlock")).isInstanceOf(WorkspaceFiles.Refused.class);
        assertThatThrownBy(() -> WorkspaceFiles.isFolder(workspace, ".airlock")).isInstanceOf(WorkspaceFiles.Refused.class);
    }

    @Test
    void aSymlinkInAMiddleComponentIsRefused() throws Exception {
        Files.delete(workspace.resolve(".airlock/profiles"));
        Files.createSymbolicLink(workspace.resolve(".airlock/profiles"), host.resolve("dir"));

        assertThatThrownBy(() -> WorkspaceFiles.read(workspace, ".airlock/profiles/modes.json", 100))
                .isInstanceOf(WorkspaceFiles.Refused.class).hasMessageStartingWith(".airlock/profiles is a symbolic link");
    }

    @Test
    void aHardLinkToAFileOutsideIsRefused() throws Exception {
        Files.createLink(workspace.resolve(".airlock/modes.json"), host.resolve("token"));

        assertThatThrownBy(() -> WorkspaceFiles.read(workspace, ".airlock/modes.json", 100))
                .isInstanceOf(WorkspaceFiles.Refused.class).hasMessageStartingWith("has 2 hard links");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", workspace.resolve(".airlock/modes.json").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThatThrownBy(() -> WorkspaceFiles.read(workspace, ".airlock/modes.json", 100))
                .isInstanceOf(WorkspaceFiles.Refused.class).hasMessageStartingWith("is a FIFO (named pipe), not a regular file");
    }

    @Test
    void aFileInPlaceOfAFolderAndAnOversizedFileAndDotDotAreRefused() throws Exception {
        Files.writeString(workspace.resolve(".airlock/modes.json"), "x".repeat(101));
        Files.writeString(workspace.resolve("plain"), "x");

        assertThatThrownBy(() -> WorkspaceFiles.read(workspace, ".airlock/modes.json", 100)).hasMessage("is larger than 100 bytes");
        assertThatThrownBy(() -> WorkspaceFiles.read(workspace, "plain/modes.json", 100)).hasMessageContaining("plain is a file, not a folder");
        assertThatThrownBy(() -> WorkspaceFiles.read(workspace, "../x", 100)).hasMessageContaining("leaves the workspace");
        assertThatThrownBy(() -> WorkspaceFiles.read(workspace, ".airlock", 100)).hasMessageStartingWith("is a folder, not a regular file");
    }
}
