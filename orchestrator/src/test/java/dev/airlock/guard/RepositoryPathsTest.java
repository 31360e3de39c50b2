package dev.airlock.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hooks folder or included config inside the workspace, named by the repository's config, is protected too. */
class RepositoryPathsTest {

    @TempDir
    Path ws;

    @Test
    void huskyAndIncludedFilesInsideTheWorkspaceAreFound() throws Exception {
        Files.createDirectories(ws.resolve(".git"));
        Files.writeString(ws.resolve(".git/config"), """
                [core]
                \thooksPath = .husky
                [include]
                \tpath = ../tools/git.inc
                [includeIf "gitdir:/x/"]
                \tpath = /etc/elsewhere.inc
                """);

        assertThat(RepositoryPaths.of(ws)).containsExactly("/.husky/", "/tools/git.inc");
    }

    @Test
    void aLinkedConfigIsNotRead() throws Exception {
        Files.createDirectories(ws.resolve(".git"));
        Path elsewhere = Files.writeString(ws.resolve("cfg"), "[core]\n\thooksPath = hooks\n");
        Files.createSymbolicLink(ws.resolve(".git/config"), elsewhere);

        assertThat(RepositoryPaths.of(ws)).isEmpty();
    }
}
