package dev.airlock.branch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Removes a folder a sandbox wrote: through directory handles, no link followed, folders it locked made writable first. */
final class Folders {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private Folders() {
    }

    /** Deletes {@code folder} and everything in it; a link is removed, never followed. Absent is fine. */
    static void delete(Path folder) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(folder, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!attrs.isDirectory()) {
            Files.delete(folder);
            return;
        }
        Path parent = folder.toAbsolutePath().getParent();
        try (DirectoryStream<Path> up = Files.newDirectoryStream(parent)) {
            if (!(up instanceof SecureDirectoryStream<Path> secure)) {
                throw new IOException("this platform cannot open folders without following links");
            }
            Path name = folder.getFileName();
            writable(secure, name);
            try (SecureDirectoryStream<Path> dir = secure.newDirectoryStream(name, NOFOLLOW)) {
                empty(dir);
            }
            secure.deleteDirectory(name);
        }
    }

    private static void empty(SecureDirectoryStream<Path> dir) throws IOException {
        List<Path> names = new ArrayList<>();
        for (Path entry : dir) {
            names.add(entry.getFileName());
        }
        for (Path name : names) {
            BasicFileAttributes a = dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
            if (a.isDirectory()) {
                writable(dir, name);
                try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, NOFOLLOW)) {
                    empty(sub);
                }
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }
    }

    /** A sandbox may have made a folder of its own read-only: its owner (us) may open it up again to remove it. */
    private static void writable(SecureDirectoryStream<Path> dir, Path name) {
        try {
            dir.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW).setPermissions(PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | RuntimeException e) {
            // not ours, or already gone: the removal below says what failed
        }
    }
}
