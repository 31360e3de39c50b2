package dev.airlock.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Airlock reads a repository's index itself, in every version git writes, and follows no link to one. */
class GitIndexTest {

    @TempDir
    Path repo;

    @ParameterizedTest(name = "index version {0}, {1}")
    @CsvSource({"2, sha1", "3, sha1", "4, sha1", "2, sha256", "3, sha256", "4, sha256"})
    void readsTheTrackedPathsAndTheSkipWorktreeFlag(int version, String objectFormat) throws Exception {
        // a SHA-256 repository's entries are 12 bytes longer: read as SHA-1 ones they would be garbage
        git("init", "-q", "--object-format=" + objectFormat);
        for (String f : List.of(".env", "src/app/main.py", "src/app/util.py", "docs/a long name with spaces.md", "ü.txt")) {
            Files.createDirectories(repo.resolve(f).getParent());
            Files.writeString(repo.resolve(f), f);
        }
        git("add", "-A");
        git("update-index", "--index-version", String.valueOf(version));
        if (version >= 3) {
            git("update-index", "--skip-worktree", "src/app/util.py");
        }

        var entries = GitIndex.entries(repo).orElseThrow();

        assertThat(entries).extracting(GitIndex.Entry::path).containsExactly(".env", "docs/a long name with spaces.md",
                "src/app/main.py", "src/app/util.py", "ü.txt");
        assertThat(entries).filteredOn(GitIndex.Entry::skipWorktree).extracting(GitIndex.Entry::path)
                .containsExactlyElementsOf(version >= 3 ? List.of("src/app/util.py") : List.of());
        assertThat(entries).extracting(e -> e.blob().length()).containsOnly(objectFormat.equals("sha256") ? 64 : 40);
        assertThat(GitIndex.trackedAmong(GitIndex.tracked(repo).orElseThrow(), List.of(".env", "docs/", "x")))
                .containsExactly(".env", "docs/a long name with spaces.md");
    }

    @Test
    void aGitFolderThatIsALinkOrAnIndexThatIsGarbageIsUnknown(@TempDir Path other) throws Exception {
        Files.createDirectories(other.resolve(".git"));
        Files.writeString(other.resolve(".git/index"), "DIRC garbage");
        Files.createSymbolicLink(repo.resolve(".git"), other.resolve(".git"));

        assertThat(GitIndex.entries(repo)).isEmpty();
        assertThat(GitIndex.entries(other)).isEmpty();
    }

    /** One flipped byte in an entry: the checksum no longer matches, and no reading of the entries is well-formed. */
    @Test
    void anIndexWithACorruptEntryIsUnknown() throws Exception {
        git("init", "-q");
        Files.writeString(repo.resolve("a.txt"), "a");
        git("add", "-A");
        byte[] index = Files.readAllBytes(repo.resolve(".git/index"));
        index[12 + 61] ^= 0x40; // the name length in the first entry's flags

        assertThat(GitIndex.parse(java.nio.ByteBuffer.wrap(index))).isEmpty();
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
