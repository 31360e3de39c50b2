package dev.airlock.workspace;

import static dev.airlock.workspace.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two sessions' checkpoints in one store: a rollback of one never silently undoes what the other changed. */
class OtherSessionsTest {

    @TempDir
    Path temp;
    Path ws;
    Checkpoints a;
    Checkpoints b;

    @BeforeEach
    void twoSessions() throws IOException {
        ws = Files.createDirectory(temp.resolve("ws"));
        write(ws, "keep.txt", "keep\n");
        Checkpoints store = Checkpoints.open(ws, temp.resolve("state/checkpoints.git"), List.of());
        a = store.forSession("s-a");
        b = store.forSession("s-b");
    }

    @Test
    void aRollbackOverAnotherSessionsChangeRefusesNamingTheSessionAndThePathAndChangesNothing() throws IOException {
        Checkpoint mine = commands(a, "a.txt", b, "b.txt");

        assertThatThrownBy(() -> a.rollback(mine, false)).isInstanceOf(AirlockException.class)
                .hasMessageContaining("session s-b changed 1 path(s) since (b.txt)")
                .satisfies(e -> assertThat(((AirlockException) e).hint()).contains("--session s-b").contains("--force"));
        assertThat(ws.resolve("a.txt")).exists();
        assertThat(ws.resolve("b.txt")).hasContent("written at step 2");
        assertThat(a.list()).hasSize(2);
    }

    @Test
    void anotherSessionsChangeMadeWhileItsCommandStillRunsCountsToo() throws IOException {
        Checkpoint mine = a.take("before c-1");
        b.take("before c-1");
        write(ws, "keep.txt", "changed by b's running command\n");

        assertThatThrownBy(() -> a.rollback(mine, false)).hasMessageContaining("s-b").hasMessageContaining("keep.txt");
    }

    @Test
    void aDiffNamesWhatAnotherSessionChangedSinceItsCheckpoint() throws IOException {
        Checkpoint mine = commands(a, "a.txt", b, "b.txt");

        assertThat(a.otherSessions(mine)).isEqualTo(java.util.Map.of("s-b", java.util.Set.of("b.txt")));
        assertThat(Checkpoints.open(ws, temp.resolve("state/checkpoints.git"), List.of()).otherSessions(mine)).isEmpty();
    }

    @Test
    void theFirstCheckpointOfASessionIsItsOwnNotTheStoresOldest() throws IOException {
        Checkpoint theirs = b.take("before c-1");
        write(ws, "b.txt", "b\n");
        Checkpoint mine = a.take("before c-1");

        assertThat(a.first()).contains(mine);
        assertThat(b.first()).contains(theirs);
        assertThat(Checkpoints.open(ws, temp.resolve("state/checkpoints.git"), List.of()).forSession("s-c").first()).isEmpty();
    }

    @Test
    void overOtherSessionsRollsBackEverything() throws IOException {
        Checkpoint mine = commands(a, "a.txt", b, "b.txt");

        a.rollback(mine, true);

        assertThat(ws.resolve("a.txt")).doesNotExist();
        assertThat(ws.resolve("b.txt")).doesNotExist();
    }

    @Test
    void whatTheOtherSessionChangedAndPutBackIsNotInTheWay() throws IOException {
        Checkpoint mine = a.take("before c-1");
        write(ws, "a.txt", "a\n");
        Checkpoint theirs = b.take("before c-1");
        write(ws, "b.txt", "b\n");
        b.rollback(theirs, false);

        RollbackResult result = a.rollback(mine, false);

        assertThat(result.changes().size()).isEqualTo(1);
        assertThat(ws.resolve("a.txt")).doesNotExist();
    }

    @Test
    void aSessionsOwnLaterChangesAndCheckpointsOfNoKnownSessionDoNotBlock() throws IOException {
        Checkpoints unnamed = Checkpoints.open(ws, temp.resolve("state/checkpoints.git"), List.of());
        Checkpoint mine = a.take("before c-1");
        write(ws, "a.txt", "a\n");
        a.take("before c-2");
        write(ws, "a2.txt", "a2\n");
        unnamed.take("older airlock");
        write(ws, "old.txt", "o\n");

        a.rollback(mine, false);

        assertThat(ws.resolve("a.txt")).doesNotExist();
        assertThat(ws.resolve("old.txt")).doesNotExist();
    }

    @Test
    void theOtherSessionsChangeToAPathThisSessionAlsoChangedBlocks() throws IOException {
        Checkpoint mine = commands(a, "shared.txt", b, "shared.txt");

        assertThatThrownBy(() -> a.rollback(mine, false)).hasMessageContaining("shared.txt");
    }

    /** Each pair is one session's command: a checkpoint for it, then the file it writes. Returns the first checkpoint. */
    private Checkpoint commands(Object... sessionThenFile) throws IOException {
        Checkpoint first = null;
        for (int i = 0; i < sessionThenFile.length; i += 2) {
            Checkpoint taken = ((Checkpoints) sessionThenFile[i]).take("before c-" + i);
            write(ws, (String) sessionThenFile[i + 1], "written at step " + i + "\n");
            first = first == null ? taken : first;
        }
        return first;
    }
}
