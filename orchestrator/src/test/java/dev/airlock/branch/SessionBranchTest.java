package dev.airlock.branch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session's branch lives in its own tree, is committed by Airlock, applied natively and discarded whole; the
 * user's repository is read and written natively: its HEAD however it is stored, and a {@code .git} that is not
 * where it seems to be refused. No git runs there.
 */
class SessionBranchTest {

    @TempDir
    Path repo;
    @TempDir
    Path state;
    @TempDir
    Path other;
    Path sessionDir;

    @BeforeEach
    void setUp() throws Exception {
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        git(repo, "add", "a.txt");
        git(repo, "-c", "user.name=a", "-c", "user.email=a@b.test", "commit", "-qm", "one");
        sessionDir = state.resolve("sessions/s-1");
        Files.createDirectories(sessionDir);
    }

    @Test
    void theTreeStartsAtHeadAndTheUsersCheckoutIsUntouched() throws Exception {
        Files.writeString(repo.resolve("a.txt"), "uncommitted\n");
        String head = git(repo, "rev-parse", "HEAD");

        SessionBranch branch = SessionBranch.create(state, sessionDir, "s-1", repo);

        assertThat(branch.tree()).isEqualTo(state.resolve("trees/s-1"));
        assertThat(branch.tree().resolve("a.txt")).hasContent("a");
        assertThat(git(branch.tree(), "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("airlock/s-1");
        assertThat(git(branch.tree(), "status", "--porcelain")).isEmpty();
        assertThat(git(branch.tree(), "log", "--format=%H", "-1", "main")).isEqualTo(head);
        assertThat(Files.isDirectory(branch.tree().resolve(".git"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(repo.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
        assertThat(repo.resolve("a.txt")).hasContent("uncommitted");
        assertThat(git(repo, "branch", "--list")).doesNotContain("airlock");
    }

    @Test
    void commitsAreAppliedAsABranchAndTheCheckoutStaysAsItWas() throws Exception {
        SessionBranch branch = SessionBranch.create(state, sessionDir, "s-1", repo);
        Files.writeString(branch.tree().resolve("a.txt"), "a\nb\n");
        Files.writeString(branch.tree().resolve("new.txt"), "new\n");

        var commit = branch.commit("airlock c-1: edit", "body");
        assertThat(commit).isPresent();
        assertThat(branch.commit("airlock c-2: nothing", "body")).isEmpty();
        assertThat(branch.commits()).extracting(SessionBranch.Commit::subject).containsExactly("airlock c-1: edit");

        var applied = branch.apply();

        assertThat(applied.commits()).isEqualTo(1);
        assertThat(git(repo, "log", "--format=%s", "airlock/s-1")).startsWith("airlock c-1: edit");
        assertThat(git(repo, "show", "airlock/s-1:new.txt")).isEqualTo("new");
        assertThat(git(repo, "fsck", "--no-dangling")).doesNotContain("error").doesNotContain("missing");
        assertThat(git(repo, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
        assertThat(git(repo, "status", "--porcelain")).isEmpty();

        Files.writeString(branch.tree().resolve("new.txt"), "newer\n");
        branch.commit("airlock c-3: again", "body");
        assertThat(branch.apply().commits()).isEqualTo(1);
        assertThat(git(repo, "show", "airlock/s-1:new.txt")).isEqualTo("newer");
    }

    @Test
    void discardLeavesNothing() throws Exception {
        SessionBranch branch = SessionBranch.create(state, sessionDir, "s-1", repo);
        Files.writeString(branch.tree().resolve("new.txt"), "new\n");
        Files.createDirectories(branch.tree().resolve("locked/in"));
        Files.createSymbolicLink(branch.tree().resolve("link"), repo.resolve("a.txt"));
        branch.commit("airlock c-1", "body");
        branch.apply();
        Files.setPosixFilePermissions(branch.tree().resolve("locked"), java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));

        var done = branch.discard(List.of(sessionDir.resolve("branch.git")));

        assertThat(done.left()).isEmpty();
        assertThat(branch.tree()).doesNotExist();
        assertThat(sessionDir.resolve("branch.git")).doesNotExist();
        assertThat(git(repo, "branch", "--list")).doesNotContain("airlock");
        assertThat(repo.resolve("a.txt")).hasContent("a");
        assertThat(SessionBranch.open(sessionDir).orElseThrow().discarded()).isTrue();
    }

    /** What a sandbox could leave in its tree if it slipped past the guard: the host-side steps run none of it. */
    @Test
    void commitAndApplyReadTheTreeOnlyAsFiles() throws Exception {
        Path marker = state.resolve("pwned");
        Path another = Files.createDirectories(state.resolve("another"));
        git(another, "init", "-q", "-b", "main");
        SessionBranch branch = SessionBranch.create(state, sessionDir, "s-1", repo);
        Path tree = branch.tree();
        String evil = "[core]\n\tfsmonitor = \"touch " + marker + "\"\n\thooksPath = " + tree.resolve("hooks") + "\n"
                + "[filter \"x\"]\n\tclean = touch " + marker + "\n\tsmudge = touch " + marker + "\n\trequired = true\n"
                + "[core]\n\tpager = touch " + marker + "\n";
        Files.writeString(tree.resolve(".git/config"), evil);
        Files.writeString(tree.resolve(".git/commondir"), another.resolve(".git") + "\n");
        Files.createDirectories(tree.resolve("hooks"));
        for (String hook : List.of("pre-commit", "post-commit", "reference-transaction", "post-index-change")) {
            Files.writeString(tree.resolve("hooks").resolve(hook), "#!/bin/sh\ntouch " + marker + "\n");
            tree.resolve("hooks").resolve(hook).toFile().setExecutable(true);
        }
        Files.writeString(tree.resolve(".gitattributes"), "* filter=x diff=x\n");
        Files.writeString(tree.resolve("work.txt"), "real\n");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/.git"), "gitdir: " + another.resolve(".git") + "\n");

        branch.commit("airlock c-1", "body");
        var applied = branch.apply();

        assertThat(marker).doesNotExist();
        assertThat(applied.repository()).isEqualTo(repo);
        assertThat(git(repo, "show", "airlock/s-1:work.txt")).isEqualTo("real");
        assertThat(git(another, "branch", "--list")).doesNotContain("airlock");
        assertThat(Files.readString(repo.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
    }

    @Test
    void aFileOverTheBudgetAndANestedRepositoryAreLeftOutAndSaid() throws Exception {
        SessionBranch branch = SessionBranch.create(state, sessionDir, "s-1", repo);
        try (var big = new java.io.RandomAccessFile(branch.tree().resolve("huge.bin").toFile(), "rw")) {
            big.setLength(8L << 30); // sparse: made in an instant, minutes to hash
        }
        Files.createDirectories(branch.tree().resolve("vendor/lib/.git"));
        Files.writeString(branch.tree().resolve("vendor/lib/x.txt"), "x\n");
        Files.writeString(branch.tree().resolve("small.txt"), "s\n");

        var commit = branch.commit("airlock c-1", "body").orElseThrow();

        assertThat(commit.leftOut()).containsExactly("huge.bin (over 100 MiB)", "vendor/lib (a repository of its own)");
        branch.apply();
        assertThat(git(repo, "ls-tree", "-r", "--name-only", "airlock/s-1").lines().toList()).containsExactly("a.txt", "small.txt");
    }

    @Test
    void aBranchTheUserMovedIsNotOverwritten() throws Exception {
        SessionBranch branch = SessionBranch.create(state, sessionDir, "s-1", repo);
        Files.writeString(branch.tree().resolve("new.txt"), "new\n");
        branch.commit("airlock c-1", "body");
        git(repo, "branch", "airlock/s-1", "main");

        assertThatThrownBy(branch::apply).isInstanceOf(AirlockException.class).hasMessageContaining("has moved");
    }

    @Test
    void aRepositoryThatRedirectsGitIsRefused() throws Exception {
        Files.writeString(repo.resolve(".git/commondir"), "../elsewhere\n");

        assertThatThrownBy(() -> SessionBranch.create(state, sessionDir, "s-1", repo))
                .isInstanceOf(AirlockException.class).hasMessageContaining("commondir");
    }

    private SessionBranch branch(Path from) throws Exception {
        return SessionBranch.create(state, sessionDir, "s-1", from);
    }

    @Test
    void aPackedBranchIsWhereTheSessionStarts() throws Exception {
        String head = git(repo, "rev-parse", "HEAD");
        git(repo, "pack-refs", "--all");

        assertThat(git(branch(repo).tree(), "rev-parse", "HEAD")).isEqualTo(head);
    }

    @Test
    void aDetachedHeadStartsTheSessionWhereItIs() throws Exception {
        String head = git(repo, "rev-parse", "HEAD");
        Files.writeString(repo.resolve(".git/HEAD"), head + "\n");

        assertThat(git(branch(repo).tree(), "rev-parse", "HEAD")).isEqualTo(head);
        assertThat(Files.readString(repo.resolve(".git/HEAD"))).isEqualTo(head + "\n");
    }

    @Test
    void aBranchNameOutsideAsciiIsFollowed() throws Exception {
        git(repo, "checkout", "-q", "-b", "feature/\u00fcber");
        String head = git(repo, "rev-parse", "HEAD");

        assertThat(git(branch(repo).tree(), "rev-parse", "HEAD")).isEqualTo(head);
    }

    @Test
    void anUnbornRepositoryGivesABranchWithItsFirstCommit() throws Exception {
        Path fresh = Files.createDirectories(other.resolve("fresh"));
        git(fresh, "init", "-q", "-b", "main");
        SessionBranch b = branch(fresh);
        Files.writeString(b.tree().resolve("first.txt"), "1\n");

        b.commit("airlock c-1", "body");
        b.apply();

        assertThat(git(fresh, "show", "airlock/s-1:first.txt")).isEqualTo("1");
        assertThat(Files.readString(fresh.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
    }

    @Test
    void aPlantedFsmonitorInTheUsersRepositoryRunsNothing() throws Exception {
        Files.writeString(repo.resolve(".git/config"), "[core]\n\tfsmonitor = \"touch " + other.resolve("marker") + "\"\n\thooksPath = /tmp\n",
                java.nio.file.StandardOpenOption.APPEND);
        SessionBranch b = branch(repo);
        Files.writeString(b.tree().resolve("b.txt"), "b\n");

        b.commit("airlock c-1", "body");
        b.apply();
        b.discard(java.util.List.of());

        assertThat(other.resolve("marker")).doesNotExist();
    }

    @Test
    void aGitFolderThatIsALinkIsRefusedAndTheOtherRepositoryStays() throws Exception {
        Path plain = Files.createDirectories(other.resolve("plain"));
        Files.createSymbolicLink(plain.resolve(".git"), repo.resolve(".git"));

        assertThatThrownBy(() -> branch(plain)).isInstanceOf(AirlockException.class).hasMessageContaining("symbolic link");
        assertThat(state.resolve("trees/s-1")).doesNotExist();
    }

    @Test
    void aGitfileIsRefused() throws Exception {
        Path wt = Files.createDirectories(other.resolve("wt"));
        Files.writeString(wt.resolve(".git"), "gitdir: " + repo.resolve(".git") + "\n");

        assertThatThrownBy(() -> branch(wt)).isInstanceOf(AirlockException.class).hasMessageContaining("is a file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"commondir", "config.worktree", "objects/info/alternates"})
    void aFileThatSendsGitElsewhereIsRefused(String planted) throws Exception {
        Files.createDirectories(repo.resolve(".git").resolve(planted).getParent());
        Files.writeString(repo.resolve(".git").resolve(planted), other.resolve("evil") + "\n");

        assertThatThrownBy(() -> branch(repo)).isInstanceOf(AirlockException.class).hasMessageContaining(planted.substring(planted.lastIndexOf('/') + 1));
        assertThat(state.resolve("trees/s-1")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[core]\n\tworktree = /tmp\n", "[extensions]\n\trefStorage = reftable\n"})
    void aConfigThatMovesTheWorkTreeOrTheRefsIsRefused(String setting) throws Exception {
        Files.writeString(repo.resolve(".git/config"), setting, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> branch(repo)).isInstanceOf(AirlockException.class);
    }

    @Test
    void aLinkedRefsFolderIsNotWrittenThroughOnApply() throws Exception {
        SessionBranch b = branch(repo);
        Files.writeString(b.tree().resolve("b.txt"), "b\n");
        b.commit("airlock c-1", "body");
        Path elsewhere = Files.createDirectories(other.resolve("heads"));
        Path heads = repo.resolve(".git/refs/heads");
        Files.move(heads.resolve("main"), elsewhere.resolve("main"));
        Files.delete(heads);
        Files.createSymbolicLink(heads, elsewhere);

        assertThatThrownBy(b::apply).isInstanceOf(AirlockException.class);
        assertThat(elsewhere.resolve("airlock")).doesNotExist();
        assertThat(Files.readString(repo.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
    }

    private static String git(Path dir, String... args) throws Exception {
        return dev.airlock.testing.HostGit.run(dir, args);
    }
}
