package dev.airlock.scope;

import static dev.airlock.testing.HostGit.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #17, the host side of the delete rule: git brings a path back when it (or every file in a folder) is tracked and
 * its content is the staged blob; a changed, untracked, linked or .git path is not restorable, whatever its timestamps.
 */
class RestorableTest {

    @TempDir
    Path repo;

    @BeforeEach
    void aRepositoryWithCommittedFiles() throws Exception {
        run(repo, "init", "-q");
        write("src/main.c", "int main() {}\n");
        write("docs/old/a.md", "a\n");
        write("docs/old/b.md", "b\n");
        write("docs/mixed/tracked.md", "t\n");
        write("notes.txt", "n\n");
        run(repo, "add", "-A");
        run(repo, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-qm", "init");
        write("docs/mixed/untracked.md", "u\n");
        write("scratch.txt", "mine\n");
    }

    @Test
    void trackedUnchangedFilesAndFoldersAreRestorableAndNothingElseIs() throws Exception {
        write("notes.txt", "n\n edited, same size? no\n");
        Files.createSymbolicLink(repo.resolve("link"), repo.resolve("src/main.c"));

        var got = Restorable.among(repo, List.of("src/main.c", "docs/old", "docs/old/a.md", "docs/mixed", "notes.txt",
                "scratch.txt", "link", ".git", ".git/index", "missing.txt", "src/../notes.txt", "/workspace/src/main.c"));

        assertThat(got).containsExactly("src/main.c", "docs/old", "docs/old/a.md");
    }

    /** Same size, same timestamp, other bytes: the content is compared, not the stat data git may trust. */
    @Test
    void aChangeThatKeepsSizeAndTimeIsSeen() throws Exception {
        Path f = repo.resolve("src/main.c");
        var time = Files.getLastModifiedTime(f);
        Files.writeString(f, "int mian() {}\n");
        Files.setLastModifiedTime(f, time);

        assertThat(Restorable.among(repo, List.of("src/main.c"))).isEmpty();
    }

    @Test
    void withoutARepositoryNothingIsRestorable() throws Exception {
        run(repo, "rm", "-rq", "--cached", ".");
        Files.delete(repo.resolve(".git/index"));

        assertThat(Restorable.among(repo, List.of("src/main.c"))).isEmpty();
    }

    @Test
    void gitsBlobIdIsComputedAsGitDoes() {
        // git hash-object of "hello\n"
        assertThat(Restorable.blob("hello\n".getBytes(), "SHA-1")).isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a");
        // git hash-object --object-format=sha256 (git init --object-format=sha256)
        assertThat(Restorable.blob("hello\n".getBytes(), "SHA-256"))
                .isEqualTo("2cf8d83d9ee29543b34a87727421fdecb7e3f3a183d337639025de576db9ebb4");
    }

    /** A SHA-256 repository names its blobs by SHA-256: its tracked files are restorable just the same. */
    @Test
    void inASha256RepositoryTrackedUnchangedFilesAreRestorable(@TempDir Path other) throws Exception {
        run(other, "init", "-q", "--object-format=sha256");
        Files.createDirectories(other.resolve("src"));
        Files.writeString(other.resolve("src/main.c"), "int main() {}\n");
        Files.writeString(other.resolve("notes.txt"), "n\n");
        run(other, "add", "-A");
        Files.writeString(other.resolve("notes.txt"), "changed\n");

        assertThat(Restorable.among(other, List.of("src/main.c", "src", "notes.txt"))).containsExactly("src/main.c", "src");
    }

    private void write(String rel, String text) throws Exception {
        Files.createDirectories(repo.resolve(rel).getParent());
        Files.writeString(repo.resolve(rel), text);
    }
}
