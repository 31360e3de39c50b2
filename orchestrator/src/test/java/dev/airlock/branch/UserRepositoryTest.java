package dev.airlock.branch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import dev.airlock.testing.HostGit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a session branch reads and writes of the user's repository, natively: the HEAD it starts from however it is
 * stored, and the refusal of a {@code .git} that is not where it seems to be. No git runs there.
 */
class UserRepositoryTest {

    @TempDir
    Path root;
    Path ws;
    Path state;
    Path marker;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(root.resolve("ws"));
        state = Files.createDirectories(root.resolve("state"));
        marker = root.resolve("marker");
        HostGit.run(ws, "init", "-q", "-b", "main");
        Files.writeString(ws.resolve("a.txt"), "a\n");
        HostGit.run(ws, "add", "a.txt");
        HostGit.run(ws, "-c", "user.name=a", "-c", "user.email=a@b.test", "commit", "-qm", "one");
    }

    private SessionBranch branch(Path repo) throws Exception {
        return SessionBranch.create(state, Files.createDirectories(state.resolve("sessions/s-1")), "s-1", repo);
    }

    @Test
    void aPackedBranchIsWhereTheSessionStarts() throws Exception {
        String head = HostGit.run(ws, "rev-parse", "HEAD");
        HostGit.run(ws, "pack-refs", "--all");

        assertThat(HostGit.run(branch(ws).tree(), "rev-parse", "HEAD")).isEqualTo(head);
    }

    @Test
    void aDetachedHeadStartsTheSessionWhereItIs() throws Exception {
        String head = HostGit.run(ws, "rev-parse", "HEAD");
        Files.writeString(ws.resolve(".git/HEAD"), head + "\n");

        assertThat(HostGit.run(branch(ws).tree(), "rev-parse", "HEAD")).isEqualTo(head);
        assertThat(Files.readString(ws.resolve(".git/HEAD"))).isEqualTo(head + "\n");
    }

    @Test
    void aBranchNameOutsideAsciiIsFollowed() throws Exception {
        HostGit.run(ws, "checkout", "-q", "-b", "feature/\u00fcber");
        String head = HostGit.run(ws, "rev-parse", "HEAD");

        assertThat(HostGit.run(branch(ws).tree(), "rev-parse", "HEAD")).isEqualTo(head);
    }

    @Test
    void anUnbornRepositoryGivesABranchWithItsFirstCommit() throws Exception {
        Path fresh = Files.createDirectories(root.resolve("fresh"));
        HostGit.run(fresh, "init", "-q", "-b", "main");
        SessionBranch b = branch(fresh);
        Files.writeString(b.tree().resolve("first.txt"), "1\n");

        b.commit("airlock c-1", "body");
        b.apply();

        assertThat(HostGit.run(fresh, "show", "airlock/s-1:first.txt")).isEqualTo("1");
        assertThat(Files.readString(fresh.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
    }

    @Test
    void aPlantedFsmonitorInTheUsersRepositoryRunsNothing() throws Exception {
        Files.writeString(ws.resolve(".git/config"), "[core]\n\tfsmonitor = \"touch " + marker + "\"\n\thooksPath = /tmp\n",
                java.nio.file.StandardOpenOption.APPEND);
        SessionBranch b = branch(ws);
        Files.writeString(b.tree().resolve("b.txt"), "b\n");

        b.commit("airlock c-1", "body");
        b.apply();
        b.discard(java.util.List.of());

        assertThat(marker).doesNotExist();
    }

    @Test
    void aGitFolderThatIsALinkIsRefusedAndTheOtherRepositoryStays() throws Exception {
        Path plain = Files.createDirectories(root.resolve("plain"));
        Files.createSymbolicLink(plain.resolve(".git"), ws.resolve(".git"));

        assertThatThrownBy(() -> branch(plain)).isInstanceOf(AirlockException.class).hasMessageContaining("symbolic link");
        assertThat(state.resolve("trees/s-1")).doesNotExist();
    }

    @Test
    void aGitfileIsRefused() throws Exception {
        Path wt = Files.createDirectories(root.resolve("wt"));
        Files.writeString(wt.resolve(".git"), "gitdir: " + ws.resolve(".git") + "\n");

        assertThatThrownBy(() -> branch(wt)).isInstanceOf(AirlockException.class).hasMessageContaining("is a file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"commondir", "config.worktree", "objects/info/alternates"})
    void aFileThatSendsGitElsewhereIsRefused(String planted) throws Exception {
        Files.createDirectories(ws.resolve(".git").resolve(planted).getParent());
        Files.writeString(ws.resolve(".git").resolve(planted), root.resolve("evil") + "\n");

        assertThatThrownBy(() -> branch(ws)).isInstanceOf(AirlockException.class).hasMessageContaining(planted.substring(planted.lastIndexOf('/') + 1));
        assertThat(state.resolve("trees/s-1")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[core]\n\tworktree = /tmp\n", "[extensions]\n\trefStorage = reftable\n"})
    void aConfigThatMovesTheWorkTreeOrTheRefsIsRefused(String setting) throws Exception {
        Files.writeString(ws.resolve(".git/config"), setting, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> branch(ws)).isInstanceOf(AirlockException.class);
    }

    @Test
    void aLinkedRefsFolderIsNotWrittenThroughOnApply() throws Exception {
        SessionBranch b = branch(ws);
        Files.writeString(b.tree().resolve("b.txt"), "b\n");
        b.commit("airlock c-1", "body");
        Path elsewhere = Files.createDirectories(root.resolve("heads"));
        Path heads = ws.resolve(".git/refs/heads");
        Files.move(heads.resolve("main"), elsewhere.resolve("main"));
        Files.delete(heads);
        Files.createSymbolicLink(heads, elsewhere);

        assertThatThrownBy(b::apply).isInstanceOf(AirlockException.class);
        assertThat(elsewhere.resolve("airlock")).doesNotExist();
        assertThat(Files.readString(ws.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
    }
}
