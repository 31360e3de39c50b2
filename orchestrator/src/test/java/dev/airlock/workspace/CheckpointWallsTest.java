package dev.airlock.workspace;

import static dev.airlock.workspace.Trees.snapshot;
import static dev.airlock.workspace.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's walls, attacked the way a sandbox (or a user's own files) would: masked secrets never enter it
 * wherever they move, a sparse giant costs nothing, the user's .git comes back, and links in .git are not followed.
 */
class CheckpointWallsTest {

    static final String SECRET = "sk-live-TOP-SECRET-4242";
    static final List<String> MASKS = List.of(".env", ".env.*", "*.pem", "secrets/");

    @TempDir
    Path temp;
    Path ws;
    Path store;

    @BeforeEach
    void workspace() throws IOException {
        ws = Files.createDirectory(temp.resolve("ws"));
        store = temp.resolve("state/checkpoints.git");
        write(ws, "config/.env", "TOKEN=" + SECRET + "\n");
        write(ws, "config/app.yml", "port: 8080\n");
        write(ws, "README", "hello\n");
    }

    private Checkpoints open(List<String> masks) {
        return Checkpoints.open(ws, store, new Checkpoints.Options(List.of(), masks, Budget.DEFAULT));
    }

    /** Every object of the store, content included, as git prints them. */
    static String objects(Path store) throws Exception {
        Process p = new ProcessBuilder("git", "--git-dir=" + store, "cat-file", "--batch-all-objects", "--batch")
                .redirectErrorStream(true).start();
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(p.waitFor()).isZero();
        return all;
    }

    @Test
    void aMaskedFileMovedByRenamingItsFolderIsShownChangedNeverStoredAndMovedBackByRollback() throws Exception {
        Checkpoints checkpoints = open(MASKS);
        Map<String, String> before = snapshot(ws);
        Checkpoint cp = checkpoints.take("before");
        Files.move(ws.resolve("config"), ws.resolve("cfg2"));

        Changes changes = checkpoints.changes(cp);
        String diff = checkpoints.unifiedDiff(cp);

        assertThat(changes.added()).containsExactly("cfg2/.env", "cfg2/app.yml");
        assertThat(changes.deleted()).containsExactly("config/.env", "config/app.yml");
        assertThat(changes.masked()).containsExactly("cfg2/.env", "config/.env");
        assertThat(diff).contains("Masked file cfg2/.env added").contains("+port: 8080").doesNotContain(SECRET);
        checkpoints.take("after");
        assertThat(objects(store)).doesNotContain(SECRET);

        RollbackResult result = checkpoints.rollback(cp);
        assertThat(snapshot(ws)).isEqualTo(before);
        assertThat(result.notRestored()).isEmpty();
        assertThat(objects(store)).doesNotContain(SECRET);
    }

    @Test
    void aMaskedFileTheUserChangedShowsAsModifiedAndAHardLinkToItIsNotStoredEither() throws Exception {
        Files.createLink(ws.resolve("notes.txt"), ws.resolve("config/.env"));
        write(ws, "secrets/db.txt", "password=" + SECRET + "\n");
        Checkpoints checkpoints = open(MASKS);
        Checkpoint cp = checkpoints.take("before");
        write(ws, "config/.env", "TOKEN=" + SECRET + "-rotated\n");

        Changes changes = checkpoints.changes(cp);

        assertThat(changes.modified()).containsExactlyInAnyOrder("config/.env", "notes.txt");
        assertThat(changes.masked()).containsExactlyInAnyOrder("config/.env", "notes.txt");
        assertThat(checkpoints.unifiedDiff(cp)).doesNotContain(SECRET);
        assertThat(objects(store)).doesNotContain(SECRET);
    }

    @Test
    void aStoreWrittenBeforeTheMasksIsPurgedAndItsOldIdsStillWork() throws Exception {
        Checkpoint old = open(List.of()).take("written by an Airlock that stored secrets");
        assertThat(objects(store)).contains(SECRET);

        Checkpoints checkpoints = open(MASKS);

        assertThat(objects(store)).doesNotContain(SECRET);
        assertThat(checkpoints.find(old.id())).isPresent();
        write(ws, "README", "changed\n");
        assertThat(checkpoints.changes(checkpoints.find(old.id()).orElseThrow()).modified()).containsExactly("README");
        checkpoints.rollback(old);
        assertThat(ws.resolve("README")).hasContent("hello");
        assertThat(ws.resolve("config/.env")).hasContent("TOKEN=" + SECRET);
    }

    @Test
    void theRepositoryOfAPurgedStoreSurvivesThePurgeAndACompact() throws Exception {
        String log = repository();
        Checkpoint old = open(List.of()).take("first, with the user's .git");
        assertThat(open(List.of()).list()).containsExactly(old);

        Checkpoints checkpoints = open(MASKS);
        checkpoints.compact();
        Trees.run(ws, "rm", "-rf", ".git");
        checkpoints.rollback(checkpoints.list().getFirst());

        assertThat(checkpoints.list()).hasSize(2);
        assertThat(Trees.run(ws, "git", "log", "--all", "--oneline", "--decorate")).isEqualTo(log);
        Trees.run(ws, "git", "fsck", "--strict");
    }

    @Test
    void aSparseGiantIsLeftOutListedAndNeverRead() throws Exception {
        Checkpoints checkpoints = open(MASKS);
        Checkpoint cp = checkpoints.take("before");
        try (RandomAccessFile big = new RandomAccessFile(ws.resolve("big").toFile(), "rw")) {
            big.setLength(8L << 30);
        }

        Changes changes = checkpoints.changes(cp);
        Checkpoint next = checkpoints.take("after");

        assertThat(changes.added()).containsExactly("big");
        assertThat(changes.notHeld()).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("big");
            assertThat(x.reason()).startsWith(Excluded.OVER_BUDGET).contains("8 GiB").contains("sparse").contains("cannot be rolled back");
        });
        assertThat(next.excluded()).extracting(Excluded::path).containsExactly("big");
        assertThat(checkpoints.unifiedDiff(cp)).contains("Not in the checkpoint: big");
        RollbackResult result = checkpoints.rollback(cp);
        assertThat(result.notRestored()).extracting(Excluded::path).containsExactly("big");
        assertThat(ws.resolve("big")).exists();
    }

    @Test
    void thePerCheckpointBudgetCountsOnlyWhatMustBeRead() throws Exception {
        for (int i = 0; i < 4; i++) {
            Files.write(ws.resolve("f" + i), new byte[300 * 1024]);
        }
        Checkpoints checkpoints = Checkpoints.open(ws, store, new Checkpoints.Options(List.of(), MASKS, new Budget(1 << 20, 700 * 1024)));
        Checkpoint first = checkpoints.take("first");
        assertThat(first.excluded()).extracting(Excluded::path).containsExactly("f2", "f3");
        // f0 and f1 are stored and unchanged: the next checkpoint reads only f2 and f3
        Checkpoint second = checkpoints.take("second");
        assertThat(second.excluded()).isEmpty();
    }

    @Test
    void aRealPackOverThePerFileBudgetIsStoredAFakeSparseOneIsNot() throws Exception {
        String log = repository();
        Path packs = ws.resolve(".git/objects/pack");
        try (RandomAccessFile fake = new RandomAccessFile(packs.resolve("pack-0000.pack").toFile(), "rw")) {
            fake.setLength(8L << 30); // no PACK header: reads as zeros
        }
        Checkpoints checkpoints = Checkpoints.open(ws, store, new Checkpoints.Options(List.of(), MASKS, new Budget(64, 1 << 20)));
        Checkpoint cp = checkpoints.take("before");

        assertThat(cp.excluded()).extracting(Excluded::path).contains(".git/objects/pack/pack-0000.pack")
                .noneMatch(p -> p.endsWith(".pack") && !p.endsWith("pack-0000.pack"));
        Files.delete(packs.resolve("pack-0000.pack"));
        Trees.run(ws, "rm", "-rf", ".git/objects");
        checkpoints.rollback(cp);
        assertThat(Trees.run(ws, "git", "log", "--all", "--oneline", "--decorate")).isEqualTo(log);
    }

    @Test
    void budgetsComeFromTheEnvironment() {
        assertThat(Budget.fromEnv(Map.of())).isEqualTo(Budget.DEFAULT);
        assertThat(Budget.fromEnv(Map.of(Budget.FILE_ENV, "512m", Budget.TOTAL_ENV, "4g")))
                .isEqualTo(new Budget(512L << 20, 4L << 30));
        assertThatThrownBy(() -> Budget.fromEnv(Map.of(Budget.TOTAL_ENV, "lots")))
                .isInstanceOf(dev.airlock.AirlockException.class).hasMessageContaining(Budget.TOTAL_ENV);
    }

    @Test
    void aDestroyedRepositoryComesBackWholeAndTheDiffSaysWhatWasLost() throws Exception {
        String log = repository();
        Checkpoints checkpoints = open(MASKS);
        Map<String, String> gitBefore = snapshot(ws.resolve(".git"));
        Checkpoint cp = checkpoints.take("before");

        Trees.run(ws, "rm", "-rf", ".git/objects", ".git/refs", ".git/HEAD");
        Changes changes = checkpoints.changes(cp);
        assertThat(changes.history()).hasValueSatisfying(h -> assertThat(h)
                .contains("ref(s) deleted").contains("HEAD removed").contains("object file(s) removed"));
        assertThat(changes.added()).noneMatch(p -> p.startsWith(".git"));
        assertThat(checkpoints.unifiedDiff(cp)).contains("The repository's history (.git)");

        checkpoints.rollback(cp);

        assertThat(snapshot(ws.resolve(".git"))).isEqualTo(gitBefore);
        assertThat(Trees.run(ws, "git", "log", "--all", "--oneline", "--decorate")).isEqualTo(log);
        Trees.run(ws, "git", "fsck", "--strict");
    }

    @Test
    void aRepositoryReplacedByALinkOrAFileOrRemovedComesBack() throws Exception {
        String log = repository();
        Path outside = Files.createDirectories(temp.resolve("other-repo"));
        Checkpoints checkpoints = open(MASKS);
        Checkpoint cp = checkpoints.take("before");
        for (String how : List.of("link", "file", "gone", "packs")) {
            switch (how) {
                case "link" -> {
                    Trees.run(ws, "mv", ".git", "../moved");
                    Files.createSymbolicLink(ws.resolve(".git"), outside);
                }
                case "file", "gone" -> Trees.run(ws, "rm", "-rf", ".git");
                default -> Trees.run(ws, "sh", "-c", "rm -f .git/objects/pack/* .git/packed-refs && git -c user.name=x -c user.email=x@x.invalid commit -q --allow-empty -m x");
            }
            if (how.equals("file")) {
                Files.writeString(ws.resolve(".git"), "gitdir: ../elsewhere\n");
            }
            checkpoints.rollback(cp);
            assertThat(Trees.run(ws, "git", "log", "--all", "--oneline", "--decorate")).as(how).isEqualTo(log);
            Trees.run(ws, "git", "fsck", "--strict");
            assertThat(outside).isEmptyDirectory();
            Trees.run(temp, "rm", "-rf", "moved");
        }
    }

    @Test
    void linksPlantedInGitToHostFilesAreStoredAsLinksNeverRead() throws Exception {
        repository();
        Path host = Files.createDirectories(temp.resolve("host"));
        Files.writeString(host.resolve("credentials"), "aws_secret=" + SECRET + "\n");
        Files.writeString(host.resolve("id_rsa"), "KEY " + SECRET + "\n");
        Checkpoints checkpoints = open(MASKS);
        Checkpoint cp = checkpoints.take("before");
        Files.delete(ws.resolve(".git/description"));
        Files.createSymbolicLink(ws.resolve(".git/description"), host.resolve("credentials"));
        Trees.run(ws, "mv", ".git/info", ".git/info.old");
        Files.createSymbolicLink(ws.resolve(".git/info"), host);

        checkpoints.take("after");
        checkpoints.changes(cp);
        checkpoints.rollback(cp);

        assertThat(objects(store)).doesNotContain(SECRET);
        assertThat(Files.isSymbolicLink(ws.resolve(".git/info"))).isFalse();
        assertThat(host.resolve("credentials")).hasContent("aws_secret=" + SECRET);
        assertThat(host).isDirectoryContaining(p -> p.getFileName().toString().equals("id_rsa"));
        Trees.run(ws, "git", "fsck", "--strict");
    }

    /** A repository with commits, branches, tags (light and annotated), a pack by gc, packed refs and loose objects. */
    private String repository() throws Exception {
        String[] git = {"git", "-c", "user.name=t", "-c", "user.email=t@t.invalid"};
        Trees.run(ws, "git", "init", "-q", "-b", "main", ".");
        Trees.run(ws, concat(git, "add", "README", "config/app.yml"));
        Trees.run(ws, concat(git, "commit", "-q", "-m", "one"));
        Trees.run(ws, concat(git, "tag", "v1"));
        Trees.run(ws, concat(git, "checkout", "-q", "-b", "feature"));
        write(ws, "feature.txt", "f\n");
        Trees.run(ws, concat(git, "add", "feature.txt"));
        Trees.run(ws, concat(git, "commit", "-q", "-m", "two"));
        Trees.run(ws, concat(git, "tag", "-a", "v2", "-m", "annotated"));
        Trees.run(ws, concat(git, "gc", "-q"));
        Trees.run(ws, concat(git, "checkout", "-q", "main"));
        write(ws, "later.txt", "l\n");
        Trees.run(ws, concat(git, "add", "later.txt"));
        Trees.run(ws, concat(git, "commit", "-q", "-m", "three, loose"));
        Trees.run(ws, concat(git, "branch", "loose-branch"));
        assertThat(ws.resolve(".git/packed-refs")).exists();
        return Trees.run(ws, "git", "log", "--all", "--oneline", "--decorate");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
