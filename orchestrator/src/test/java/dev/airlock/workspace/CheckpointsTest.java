package dev.airlock.workspace;

import static dev.airlock.workspace.Trees.chmodExec;
import static dev.airlock.workspace.Trees.snapshot;
import static dev.airlock.workspace.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path temp;
    Path ws;
    Path store;

    @BeforeEach
    void workspace() throws IOException {
        ws = Files.createDirectory(temp.resolve("ws"));
        store = temp.resolve("state/sessions/s-test/checkpoints.git");
        write(ws, "a.txt", "alpha\n");
        write(ws, "sub/deep/b.txt", "beta\n");
        write(ws, "data.txt", "data\n");
        write(ws, ".gitignore", "*.log\nbuild/\n");
        write(ws, "app.log", "ignored by .gitignore, kept by checkpoints\n");
        write(ws, "build/out.o", "build output\n");
        chmodExec(write(ws, "run.sh", "#!/bin/sh\necho hi\n"), true);
        Files.write(ws.resolve("blob.bin"), randomBytes(1, 4096));
        Files.createSymbolicLink(ws.resolve("link"), Path.of("a.txt"));
        Files.createDirectories(ws.resolve("empty/inner"));
    }

    /**
     * A rollback killed midway (some files put back, some not, its journal left in the store) is finished by the
     * next open of the store: the workspace ends as the checkpoint was, never between the two.
     */
    @Test
    void aRollbackAKillCutShortIsFinishedByTheNextOpen() throws Exception {
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        Map<String, String> before = snapshot(ws);
        Checkpoint cp = checkpoints.take("before c-1");
        write(ws, "a.txt", "changed\n");
        write(ws, "sub/deep/b.txt", "changed too\n");
        write(ws, "new.txt", "added\n");
        Checkpoint undo = checkpoints.take("before rollback to " + cp.id());
        // as a killed rollback leaves it: its journal, a.txt put back, the rest not yet
        Journal.begin(store.toRealPath(), commit(cp), commit(undo));
        write(ws, "a.txt", "alpha\n");

        Checkpoints.open(ws, store, List.of());

        assertThat(snapshot(ws)).isEqualTo(before);
        assertThat(Journal.pending(store.toRealPath())).isEmpty();
    }

    private String commit(Checkpoint cp) throws Exception {
        Process p = new ProcessBuilder("git", "--git-dir=" + store.toRealPath(), "rev-parse", cp.id() + "^{commit}").start();
        String id = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).isZero();
        return id;
    }

    @Test
    void rollbackRestoresTheTreeExactlyAndIsItselfUndoable() throws IOException {
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        Map<String, String> before = snapshot(ws);
        Checkpoint cp = checkpoints.take("before c-1");

        changeEverythingOnce();
        Map<String, String> after = snapshot(ws);
        assertThat(after).isNotEqualTo(before);

        RollbackResult rollback = checkpoints.rollback(cp);

        assertThat(snapshot(ws)).isEqualTo(before);
        assertThat(rollback.restored()).isEqualTo(cp);
        assertThat(rollback.changes().added()).containsExactly("sub/deep/b.txt");
        assertThat(rollback.changes().deleted()).containsExactly("new.txt", "newdir/x.txt");

        checkpoints.rollback(rollback.undo());
        assertThat(snapshot(ws)).isEqualTo(after);
    }

    @Test
    void changesListExactlyWhatChangedIncludingModeAndIgnoredFiles() throws IOException {
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        Checkpoint cp = checkpoints.take("before");

        changeEverythingOnce();
        Changes changes = checkpoints.changes(cp);

        assertThat(changes.added()).containsExactly("new.txt", "newdir/x.txt");
        assertThat(changes.modified()).containsExactly("a.txt", "app.log", "blob.bin", "data.txt", "link", "run.sh");
        assertThat(changes.deleted()).containsExactly("sub/deep/b.txt");
        Checkpoint later = checkpoints.take("after");
        assertThat(checkpoints.changes(cp, later)).isEqualTo(changes);
        assertThat(checkpoints.changes(later)).isEqualTo(Changes.NONE);
    }

    @Test
    void unifiedDiffShowsTextChangesModesAndSaysBinaryFilesDiffer() throws IOException {
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        Checkpoint cp = checkpoints.take("before");
        changeEverythingOnce();

        String diff = checkpoints.unifiedDiff(cp);

        assertThat(diff).contains("--- a/a.txt", "+++ b/a.txt", "-alpha", "+ALPHA")
                .contains("Binary files a/blob.bin and b/blob.bin differ")
                .contains("diff --git a/data.txt b/data.txt\nold mode 100644\nnew mode 100755")
                .contains("+++ b/new.txt", "+++ /dev/null");
        assertThat(checkpoints.unifiedDiff(cp, checkpoints.take("after"))).isEqualTo(diff);
    }

    @Test
    void theUsersGitIsNeverTouchedAndNothingIsWrittenIntoTheWorkspace() throws Exception {
        Trees.run(ws, "git", "init", "-q", ".");
        Trees.run(ws, "git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", "add", "-A");
        Trees.run(ws, "git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "user's own");
        Map<String, String> userGit = snapshot(ws.resolve(".git"));
        Map<String, String> before = snapshot(ws);

        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        Checkpoint cp = checkpoints.take("before");
        assertThat(snapshot(ws)).isEqualTo(before);
        changeEverythingOnce();
        assertThat(checkpoints.changes(cp).added()).noneMatch(p -> p.startsWith(".git/"));
        checkpoints.rollback(cp);

        assertThat(snapshot(ws.resolve(".git"))).isEqualTo(userGit);
        assertThat(snapshot(ws)).isEqualTo(before);
    }

    @Test
    void theWorkspacesGitattributesCannotChangeTheBytesStoredOrRestored() throws IOException {
        write(ws, ".gitattributes", "* text eol=crlf\n*.txt ident filter=evil\n");
        write(ws, "lf.txt", "one\ntwo $Id$\n");
        write(ws, "crlf.txt", "one\r\ntwo\r\n");
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        Map<String, String> before = snapshot(ws);
        Checkpoint cp = checkpoints.take("before");
        write(ws, "lf.txt", "changed\n");
        write(ws, "crlf.txt", "changed\n");

        checkpoints.rollback(cp);

        assertThat(snapshot(ws)).isEqualTo(before);
        assertThat(Files.readString(ws.resolve("lf.txt"))).isEqualTo("one\ntwo $Id$\n");
    }

    @Test
    void excludedPathsAreListedNotDiffedAndLeftAloneByRollback() throws IOException {
        write(ws, "node_modules/pkg/index.js", "module\n");
        write(ws, "web/node_modules/x.js", "nested module\n");
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of("node_modules/", "/dist"));
        Checkpoint cp = checkpoints.take("before");

        assertThat(cp.excluded()).extracting(Excluded::path).containsExactly("node_modules/", "web/node_modules/");
        assertThat(cp.excluded().getFirst().reason()).isEqualTo("excluded by rule node_modules/");
        write(ws, "node_modules/pkg/index.js", "changed by npm\n");
        write(ws, "dist", "a file named dist\n");
        assertThat(checkpoints.changes(cp)).isEqualTo(Changes.NONE);

        checkpoints.rollback(cp);
        assertThat(Files.readString(ws.resolve("node_modules/pkg/index.js"))).isEqualTo("changed by npm\n");
        assertThat(ws.resolve("dist")).exists();
    }

    @Test
    void aNestedRepositorysFilesAreStoredButNotItsGitMetadata() throws Exception {
        write(ws, "vendor/lib/lib.c", "int x;\n");
        Trees.run(ws.resolve("vendor/lib"), "git", "init", "-q", ".");
        Map<String, String> before = snapshot(ws);
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        Checkpoint cp = checkpoints.take("before");
        assertThat(cp.excluded()).containsExactly(new Excluded("vendor/lib/.git/", "git metadata of a nested repository"));

        write(ws, "vendor/lib/lib.c", "int y;\n");
        write(ws, "vendor/lib/new.c", "new\n");
        assertThat(checkpoints.changes(cp)).isEqualTo(new Changes(List.of("vendor/lib/new.c"), List.of("vendor/lib/lib.c"), List.of()));
        checkpoints.rollback(cp);

        assertThat(snapshot(ws)).isEqualTo(before);
    }

    @Test
    void aFolderSwappedForASymlinkOutsideDoesNotMakeRollbackWriteOutside() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside/deep"));
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        Map<String, String> before = snapshot(ws);
        Checkpoint cp = checkpoints.take("before");
        Trees.write(ws, "sub/deep/b.txt", "changed\n");
        Files.delete(ws.resolve("sub/deep/b.txt"));
        Files.delete(ws.resolve("sub/deep"));
        Files.delete(ws.resolve("sub"));
        Files.createSymbolicLink(ws.resolve("sub"), outside.getParent());
        Files.delete(ws.resolve("empty/inner"));
        Files.delete(ws.resolve("empty"));
        Files.createSymbolicLink(ws.resolve("empty"), outside);

        checkpoints.rollback(cp);

        assertThat(snapshot(ws)).isEqualTo(before);
        assertThat(snapshot(temp.resolve("outside"))).containsOnlyKeys("deep/");
    }

    @Test
    void aFileThatCannotBeReadFailsTheCheckpointNamingIt() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path secret = write(ws, "sub/secret.txt", "no\n");
        Files.setPosixFilePermissions(secret, Set.of());
        try {
            assertThatThrownBy(() -> Checkpoints.open(ws, store, List.of()).take("before"))
                    .isInstanceOf(AirlockException.class).hasMessageContaining("sub/secret.txt");
        } finally {
            Files.setPosixFilePermissions(secret, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }

    @Test
    void aFileNameTheJdkCannotSpellFailsTheCheckpointInsteadOfBeingSkipped() throws Exception {
        Trees.run(ws, "bash", "-c", "printf x > $'bad\\xffname'");
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());

        assertThatThrownBy(() -> checkpoints.take("before"))
                .isInstanceOfSatisfying(AirlockException.class, e -> assertThat(e.hint()).contains("exclude"))
                .hasMessageContaining("1 path(s) cannot be read: bad");
        assertThat(checkpoints.list()).isEmpty();
    }

    @Test
    void socketsAndPipesAreListedAsNotStored() throws Exception {
        Trees.run(ws, "mkfifo", "pipe");
        Checkpoint cp = Checkpoints.open(ws, store, List.of()).take("before");
        assertThat(cp.excluded()).extracting(Excluded::path).containsExactly("pipe");
    }

    @Test
    void emptyDirectoriesAreRestoredAndNewEmptyOnesRemoved() throws IOException {
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        Checkpoint cp = checkpoints.take("before");
        Files.delete(ws.resolve("empty/inner"));
        Files.createDirectories(ws.resolve("made/by/mkdir"));

        checkpoints.rollback(cp);

        assertThat(ws.resolve("empty/inner")).isEmptyDirectory();
        assertThat(ws.resolve("made")).doesNotExist();
    }

    @Test
    void idsAreShortAndStableAndListedOldestFirst() throws IOException {
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        Checkpoint first = checkpoints.take("first");
        write(ws, "a.txt", "changed\n");
        Checkpoint second = checkpoints.take("second\nwith a newline");

        assertThat(first.id()).matches("[0-9a-f]{12}");
        assertThat(second.label()).isEqualTo("second with a newline");
        assertThat(first.files()).isEqualTo(9);
        Checkpoints reopened = Checkpoints.open(ws, store, List.of());
        assertThat(reopened.list()).containsExactly(first, second);
        assertThat(reopened.latest()).contains(second);
        assertThat(reopened.find(second.id().substring(0, 8))).contains(second);
        assertThat(reopened.find("not-an-id")).isEmpty();
    }

    @Test
    void aLockLeftByAKilledRunDoesNotBlockTheNextCheckpoint() throws IOException {
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        checkpoints.take("first");
        Files.writeString(store.resolve("airlock-index.lock"), "");
        write(ws, "a.txt", "changed\n");

        Checkpoint second = checkpoints.take("second");

        assertThat(checkpoints.changes(checkpoints.list().getFirst(), second).modified()).containsExactly("a.txt");
    }

    @Test
    void checkpointsTakenFromSeveralThreadsAtOnceAllLand() throws Exception {
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<Checkpoint>> taken = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                taken.add(pool.submit(() -> Checkpoints.open(ws, store, List.of()).take("t" + n)));
            }
            for (var f : taken) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        assertThat(checkpoints.list()).hasSize(12).extracting(Checkpoint::id).doesNotHaveDuplicates();
    }

    @Test
    void aStoreInsideTheWorkspaceIsRefused() {
        assertThatThrownBy(() -> Checkpoints.open(ws, ws.resolve(".airlock/checkpoints.git"), List.of()))
                .isInstanceOf(AirlockException.class)
                .hasMessageContaining("inside the workspace");
        assertThat(ws.resolve(".airlock")).doesNotExist();
    }

    @Test
    void aStoreThatCannotBeWrittenFailsWithAHint() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "");
        assertThatThrownBy(() -> Checkpoints.open(ws, file.resolve("checkpoints.git"), List.of()))
                .isInstanceOfSatisfying(AirlockException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AirlockException.Kind.FAILURE);
                    assertThat(e.hint()).contains("AIRLOCK_STATE_DIR");
                });
    }

    @Test
    void anUnknownCheckpointIsRefused() {
        Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
        checkpoints.take("only");
        Checkpoint stranger = new Checkpoint("0123456789ab", java.time.Instant.now(), "x", 0, List.of());
        assertThatThrownBy(() -> checkpoints.rollback(stranger)).isInstanceOf(AirlockException.class)
                .hasMessageContaining("no checkpoint 0123456789ab");
    }

    @Test
    void badExclusionRulesAreRefusedWithTheRuleNamed() {
        assertThatThrownBy(() -> Checkpoints.open(ws, store, List.of("../outside")))
                .isInstanceOf(AirlockException.class).hasMessageContaining("\"../outside\"");
    }

    /** Modify, add (also in a new folder), delete, chmod +x only, binary, retarget a symlink, a .gitignored file. */
    private void changeEverythingOnce() throws IOException {
        write(ws, "a.txt", "ALPHA\n");
        write(ws, "new.txt", "new\n");
        write(ws, "newdir/x.txt", "x\n");
        Files.delete(ws.resolve("sub/deep/b.txt"));
        chmodExec(ws.resolve("data.txt"), true);
        chmodExec(ws.resolve("run.sh"), false);
        Files.write(ws.resolve("blob.bin"), randomBytes(2, 4096));
        Files.delete(ws.resolve("link"));
        Files.createSymbolicLink(ws.resolve("link"), Path.of("sub/deep"));
        write(ws, "app.log", "changed\n");
    }

    private static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 0;
        return bytes;
    }
}
