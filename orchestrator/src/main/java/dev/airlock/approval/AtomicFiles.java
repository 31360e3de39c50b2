package dev.airlock.approval;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes that another process never sees half done: a hidden temporary file in the same folder, flushed,
 * then renamed over the target, or linked to it when the target must not exist yet (first writer wins).
 */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code bytes} in one step. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = temporary(target, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates {@code target} with {@code bytes} in one step, or throws {@link FileAlreadyExistsException}
     * if it exists: a hard link fails atomically when its name is taken, where a rename would replace it.
     */
    static void createAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = temporary(target, bytes);
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // no hard links here: CREATE_NEW is still exclusive, and readers refuse a half-written file
            try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                write(out, bytes);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Names starting with a dot are temporaries; listings skip them. */
    static boolean isTemporary(Path file) {
        return file.getFileName().toString().startsWith(".");
    }

    /**
     * Creates {@code dir} and its missing parents readable by this user only: requests show commands (which
     * may carry secrets) and an answer file in a folder others can write would let them approve.
     */
    static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    private static Path temporary(Path target, byte[] bytes) throws IOException {
        createPrivateDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            write(out, bytes);
        }
        return tmp;
    }

    private static void write(FileChannel out, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        out.force(true);
    }
}
