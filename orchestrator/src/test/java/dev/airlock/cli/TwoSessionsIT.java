package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Reviewers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sessions on one workspace share its checkpoint store: a rollback of one must not silently undo what the
 * other's commands wrote since, and a diff taken while the other writes still works.
 */
class TwoSessionsIT {

    Path workspace;
    Path state;
    Cli cli;

    /** One folder for both: the workspace and, beside it (never inside), the state the sessions share. */
    @BeforeEach
    void oneWorkspaceOneState(@TempDir Path temp) throws IOException {
        workspace = Files.createDirectory(temp.resolve("ws"));
        state = Files.createDirectory(temp.resolve("state"));
        Files.writeString(workspace.resolve("keep.txt"), "unchanged\n");
        cli = new Cli(state);
    }

    private String write(String file, String text) {
        var result = cli.run("run", "--workspace", workspace.toString(), "--approver", Reviewers.allow(state), "--", "sh", "-c",
                "echo " + text + " > " + file);
        assertThat(result.exit()).as(result.toString()).isZero();
        return CheckpointIT.session(result);
    }

    @Test
    void aRollbackThatWouldUndoAnotherSessionsWorkRefusesNamingItAndChangesNothing() {
        String a = write("a.txt", "from-a");
        String b = write("b.txt", "from-b");
        assertThat(a).isNotEqualTo(b);

        var rollback = cli.run("rollback", "--session", a);

        assertThat(rollback.exit()).as(rollback.toString()).isNotZero();
        assertThat(rollback.err()).contains(b).contains("b.txt").contains("--force");
        assertThat(workspace.resolve("b.txt")).hasContent("from-b");
        assertThat(workspace.resolve("a.txt")).hasContent("from-a");
    }

    @Test
    void forceRollsBackOverTheOtherSessionAndItsUndoBringsBothBack() {
        String a = write("a.txt", "from-a");
        write("b.txt", "from-b");

        var rollback = cli.run("rollback", "--session", a, "--force");

        assertThat(rollback.exit()).as(rollback.toString()).isZero();
        assertThat(workspace.resolve("a.txt")).doesNotExist();
        assertThat(workspace.resolve("b.txt")).doesNotExist();
        Matcher undo = Pattern.compile("--to ([0-9a-f]+)").matcher(rollback.out());
        assertThat(undo.find()).isTrue();
        assertThat(cli.run("rollback", "--session", a, "--to", undo.group(1)).exit()).isZero();
        assertThat(workspace.resolve("a.txt")).hasContent("from-a");
        assertThat(workspace.resolve("b.txt")).hasContent("from-b");
    }

    @Test
    void onceTheOtherSessionRolledBackItsOwnWorkTheFirstMayRollBack() {
        String a = write("a.txt", "from-a");
        String b = write("b.txt", "from-b");

        var first = cli.run("rollback", "--session", b);
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(workspace.resolve("b.txt")).doesNotExist();
        var second = cli.run("rollback", "--session", a);

        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(workspace.resolve("a.txt")).doesNotExist();
        assertThat(workspace.resolve("keep.txt")).hasContent("unchanged");
    }

    @Test
    void aSessionMayRollBackItsOwnLaterCommandsOverItsOwnEarlierOnes() {
        String a = write("a.txt", "from-a");
        var again = cli.run("run", "--session", a, "--approver", Reviewers.allow(state), "--", "sh", "-c", "echo more > a2.txt");
        assertThat(again.exit()).as(again.toString()).isZero();

        var rollback = cli.run("rollback", "--session", a);

        assertThat(rollback.exit()).as(rollback.toString()).isZero();
        assertThat(workspace.resolve("a.txt")).doesNotExist();
        assertThat(workspace.resolve("a2.txt")).doesNotExist();
    }

    @Test
    void aDiffWhileTheOtherSessionWritesListsItsFilesTooAndARollbackAfterRefusesNamingIt() throws Exception {
        String a = write("a.txt", "from-a");
        Path started = workspace.resolve("b-started");
        CompletableFuture<Cli.Result> b = CompletableFuture.supplyAsync(() -> new Cli(state).run("run", "--workspace",
                workspace.toString(), "--approver", Reviewers.allow(state), "--", "sh", "-c",
                "echo from-b > b.txt; touch b-started; i=0; while [ $i -lt 50 ] && [ ! -e b-stop ]; do sleep 0.2; i=$((i+1)); done"));
        for (int i = 0; i < 300 && !Files.exists(started); i++) {
            Thread.sleep(100);
        }
        assertThat(started).as("session B's command started").exists();

        var diff = cli.run("diff", "--session", a);
        Files.writeString(workspace.resolve("b-stop"), "");
        var bResult = b.get();

        assertThat(diff.exit()).as(diff.toString()).isZero();
        assertThat(diff.out()).contains("a.txt").contains("b.txt");
        assertThat(bResult.exit()).as(bResult.toString()).isZero();
        String bSession = CheckpointIT.session(bResult);
        assertThat(diff.out()).contains("changed by session " + bSession + ": b-started, b.txt");
        // the rollback of A would now undo B's running command's files: refused, naming B
        var rollback = cli.run("rollback", "--session", a);
        assertThat(rollback.exit()).as(rollback.toString()).isNotZero();
        assertThat(rollback.err()).contains(bSession);
    }
}
