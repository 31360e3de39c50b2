package dev.airlock.workspace;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The one line a rollback writes into its store before it touches the workspace and removes when it is done:
 * the commit it restores and the one taken just before. Written whole (a temporary file, synced, renamed), so
 * after a crash it is either there and complete or not there at all.
 */
final class Journal {

    static final String FILE = "rollback.pending";

    record Pending(String target, String before) {
    }

    private Journal() {
    }

    static void begin(Path store, String target, String before) {
        Path temp = store.resolve(FILE + ".tmp");
        try {
            Files.writeString(temp, target + " " + before + "\n", StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, store.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw AirlockException.failure("cannot start the rollback: its journal could not be written in " + store
                    + " (" + e.getClass().getSimpleName() + ")", "check that the state folder's disk is writable and not full");
        }
    }

    static void end(Path store) {
        try {
            Files.deleteIfExists(store.resolve(FILE));
        } catch (IOException e) {
            throw AirlockException.failure("cannot finish the rollback's journal in " + store + " (" + e.getClass().getSimpleName() + ")",
                    "check that the state folder is writable");
        }
    }

    /** The rollback a killed process left unfinished, if any; a journal that is not two commit ids is none. */
    static Optional<Pending> pending(Path store) {
        Path file = store.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String[] ids = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            if (ids.length == 2 && ids[0].matches("[0-9a-f]{40,64}") && ids[1].matches("[0-9a-f]{40,64}")) {
                return Optional.of(new Pending(ids[0], ids[1]));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
