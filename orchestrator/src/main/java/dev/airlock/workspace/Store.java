package dev.airlock.workspace;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The private git store of one workspace's checkpoints: created on first use with a config written whole
 * by Airlock, and locked around every operation, across threads and processes alike.
 */
final class Store {

    static final String REF = "refs/airlock/checkpoints";

    /**
     * Fixed settings: exact bytes, modes and symlinks, no line-ending or case games, nothing run or guessed.
     * Written on every open, so an older store gets today's settings.
     */
    private static final String CONFIG = """
            [core]
            \trepositoryformatversion = 0
            \tbare = false
            \tfilemode = true
            \tsymlinks = true
            \tautocrlf = false
            \tsafecrlf = false
            \tignorecase = false
            \tprecomposeunicode = false
            \tprotectNTFS = false
            \tprotectHFS = false
            \ttrustctime = true
            \tcheckStat = default
            \tquotePath = false
            \tlogAllRefUpdates = false
            \thooksPath = /dev/null
            \tattributesFile = /dev/null
            \texcludesFile = /dev/null
            \tfsmonitor = false
            \tuntrackedCache = false
            [gc]
            \tauto = 0
            [diff]
            \trenames = false
            \tnoprefix = false
            \tmnemonicPrefix = false
            [color]
            \tui = false
            """;

    /**
     * Attributes of the store, which outrank the workspace's own {@code .gitattributes}: a sandbox that writes
     * {@code * text eol=crlf} or {@code * -diff} must not change what is stored, restored or shown.
     */
    private static final String ATTRIBUTES = "* !text !eol !crlf !ident !filter !diff !merge !working-tree-encoding\n";

    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final StoreGit git;

    private Store(Path dir, StoreGit git) {
        this.dir = dir;
        this.git = git;
    }

    static Store open(Path dir, Path workspace) {
        Path real;
        try {
            Files.createDirectories(dir);
            real = dir.toRealPath();
        } catch (IOException e) {
            throw cannotCreate(dir, e);
        }
        Store store = new Store(real, new StoreGit(real, workspace, real.resolve("airlock-index")));
        // under the lock: another thread or process may be opening it too, or running git on it
        return store.locked(() -> {
            try {
                if (!Files.exists(real.resolve("HEAD"))) {
                    // no template: no sample hooks, no description, nothing but what git needs
                    store.git.run(null, "init", "--quiet", "--template=");
                }
                writeIfDifferent(real.resolve("config"), CONFIG);
                Files.createDirectories(real.resolve("info"));
                writeIfDifferent(real.resolve("info").resolve("attributes"), ATTRIBUTES);
                return store;
            } catch (IOException e) {
                throw cannotCreate(dir, e);
            }
        });
    }

    private static AirlockException cannotCreate(Path dir, IOException e) {
        return AirlockException.failure("cannot create the checkpoint store " + dir + ": " + e,
                "set AIRLOCK_STATE_DIR to a folder you can write, on a disk with free space");
    }

    /** Replaces a file whole (a git reading it never sees half of it), and only when its text changes. */
    private static void writeIfDifferent(Path file, String text) throws IOException {
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            return;
        }
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Path dir() {
        return dir;
    }

    StoreGit git() {
        return git;
    }

    /**
     * Runs one operation holding the store's lock. Holding it, any index or ref lock file left behind is stale
     * (from a killed Airlock) and is removed, instead of blocking every later checkpoint.
     */
    @SuppressWarnings("try") // the file lock is held by its try block, never read
    <T> T locked(Supplier<T> operation) {
        ReentrantLock local = LOCKS.computeIfAbsent(dir, key -> new ReentrantLock());
        local.lock();
        if (local.getHoldCount() > 1) {
            // this thread holds the file lock already: a second FileChannel.lock would throw
            try {
                return operation.get();
            } finally {
                local.unlock();
            }
        }
        try (FileChannel channel = FileChannel.open(dir.resolve("airlock.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Files.deleteIfExists(dir.resolve("airlock-index.lock"));
            Files.deleteIfExists(dir.resolve(REF + ".lock"));
            return operation.get();
        } catch (IOException e) {
            throw AirlockException.failure("cannot lock the checkpoint store " + dir + ": " + e,
                    "check that " + dir + " is writable");
        } finally {
            local.unlock();
        }
    }
}
