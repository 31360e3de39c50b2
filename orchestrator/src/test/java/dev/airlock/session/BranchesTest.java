package dev.airlock.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session branch is made without running git, and only in a repository that is where it seems to be. */
class BranchesTest {

    @TempDir
    Path ws;
    @TempDir
    Path other;
    Path marker;

    @BeforeEach
    void setUp() throws Exception {
        marker = other.resolve("marker");
        git(ws, "init", "-q", "-b", "main");
        Files.writeString(ws.resolve("a.txt"), "a\n");
        git(ws, "add", "a.txt");
        git(ws, "-c", "user.name=a", "-c", "user.email=a@b.test", "commit", "-qm", "one");
    }

    @Test
    void theBranchStartsAtHeadAndHeadMovesToIt() throws Exception {
        String head = git(ws, "rev-parse", "HEAD");

        Branches.create(ws, "airlock/s1");

        assertThat(Files.readString(ws.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/airlock/s1\n");
        assertThat(Files.readString(ws.resolve(".git/refs/heads/airlock/s1")).strip()).isEqualTo(head);
        assertThat(git(ws, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("airlock/s1");
        assertThat(git(ws, "status", "--porcelain")).isEmpty();
        assertThat(ws.resolve(".git/HEAD.lock")).doesNotExist();
    }

    @Test
    void aPackedBranchIsFollowed() throws Exception {
        String head = git(ws, "rev-parse", "HEAD");
        git(ws, "pack-refs", "--all");
        assertThat(ws.resolve(".git/refs/heads/main")).doesNotExist();

        Branches.create(ws, "airlock/s2");

        assertThat(git(ws, "rev-parse", "airlock/s2")).isEqualTo(head);
    }

    @Test
    void anUnbornRepositoryOnlyGetsItsHeadRenamed() throws Exception {
        Path fresh = other.resolve("fresh");
        Files.createDirectories(fresh);
        git(fresh, "init", "-q", "-b", "main");

        Branches.create(fresh, "airlock/s3");

        assertThat(Files.readString(fresh.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/airlock/s3\n");
        assertThat(fresh.resolve(".git/refs/heads/airlock/s3")).doesNotExist();
    }

    @Test
    void aDetachedHeadBranchesWhereItIs() throws Exception {
        String head = git(ws, "rev-parse", "HEAD");
        Files.writeString(ws.resolve(".git/HEAD"), head + "\n");

        Branches.create(ws, "airlock/s4");

        assertThat(Files.readString(ws.resolve(".git/refs/heads/airlock/s4")).strip()).isEqualTo(head);
    }

    @Test
    void aPlantedFsmonitorRunsNothingBecauseNoGitRuns() throws Exception {
        Files.writeString(ws.resolve(".git/config"), "[core]\n\tfsmonitor = \"touch " + marker + "\"\n[core]\n\thooksPath = /tmp\n",
                java.nio.file.StandardOpenOption.APPEND);

        Branches.create(ws, "airlock/s5");

        assertThat(marker).doesNotExist();
        assertThat(Files.readString(ws.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/airlock/s5\n");
    }

    @Test
    void aGitFolderThatIsALinkIsRefusedAndTheOtherRepositoryStays() throws Exception {
        Path repo = other.resolve("repo");
        Files.createDirectories(repo);
        git(repo, "init", "-q", "-b", "main");
        String headBefore = Files.readString(repo.resolve(".git/HEAD"));
        Path plain = other.resolve("plain");
        Files.createDirectories(plain);
        Files.createSymbolicLink(plain.resolve(".git"), repo.resolve(".git"));

        assertThatThrownBy(() -> Branches.create(plain, "airlock/s6"))
                .isInstanceOf(AirlockException.class).hasMessageContaining("symbolic link");
        assertThat(Files.readString(repo.resolve(".git/HEAD"))).isEqualTo(headBefore);
        assertThat(repo.resolve(".git/refs/heads/airlock")).doesNotExist();
    }

    @Test
    void aGitfileIsRefused() throws Exception {
        Path wt = other.resolve("wt");
        Files.createDirectories(wt);
        Files.writeString(wt.resolve(".git"), "gitdir: " + ws.resolve(".git") + "\n");

        assertThatThrownBy(() -> Branches.create(wt, "airlock/s7")).isInstanceOf(AirlockException.class)
                .hasMessageContaining("is a file");
        assertThat(Files.readString(ws.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
    }

    @Test
    void redirectsAreRefused() throws Exception {
        for (String planted : List.of("commondir", "config.worktree")) {
            Files.writeString(ws.resolve(".git").resolve(planted), "../.evil\n");
            assertThatThrownBy(() -> Branches.create(ws, "airlock/s8")).as(planted).isInstanceOf(AirlockException.class)
                    .hasMessageContaining(planted);
            Files.delete(ws.resolve(".git").resolve(planted));
        }
        for (String setting : List.of("[core]\n\tworktree = " + other + "\n", "[extensions]\n\trefStorage = reftable\n")) {
            String config = Files.readString(ws.resolve(".git/config"));
            Files.writeString(ws.resolve(".git/config"), config + setting);
            assertThatThrownBy(() -> Branches.create(ws, "airlock/s8")).as(setting).isInstanceOf(AirlockException.class);
            Files.writeString(ws.resolve(".git/config"), config);
        }
        assertThat(Files.readString(ws.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
    }

    @Test
    void aLinkedRefsFolderIsNotWrittenThrough() throws Exception {
        Path elsewhere = other.resolve("heads");
        Files.createDirectories(elsewhere);
        Path heads = ws.resolve(".git/refs/heads");
        Files.move(heads.resolve("main"), elsewhere.resolve("main"));
        Files.delete(heads);
        Files.createSymbolicLink(heads, elsewhere);

        assertThatThrownBy(() -> Branches.create(ws, "airlock/s9")).isInstanceOf(AirlockException.class);
        assertThat(elsewhere.resolve("airlock")).doesNotExist();
        assertThat(Files.readString(ws.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
    }

    @Test
    void aBranchNameOutsideAsciiIsFollowed() throws Exception {
        git(ws, "checkout", "-q", "-b", "feature/\u00fcber");

        Branches.create(ws, "airlock/s11");

        assertThat(git(ws, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("airlock/s11");
    }

    @Test
    void anExistingBranchIsNotReplaced() {
        Branches.create(ws, "airlock/s10");
        assertThatThrownBy(() -> Branches.create(ws, "airlock/s10")).isInstanceOf(AirlockException.class)
                .hasMessageContaining("already exists");
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
