package dev.airlock.guard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes and rewrites workspace entries through directory handles opened without following links, so a
 * link the sandbox put anywhere on the path cannot send the change out of the workspace.
 */
final class SafeFiles {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private SafeFiles() {
    }

    /** Removes {@code rel} (a folder with all it holds); nothing when it is gone already. */
    static void remove(Path root, String rel) throws IOException {
        Path name = Path.of(rel).getFileName();
        try (Parent parent = Parent.open(root, rel)) {
            if (parent == null) {
                return;
            }
            removeIn(parent.dir, name);
        }
    }

    /** Replaces {@code rel} with {@code bytes} whole: a temporary file beside it, renamed over it. */
    static void restore(Path root, String rel, byte[] bytes, boolean executable) throws IOException {
        Path name = Path.of(rel).getFileName();
        try (Parent parent = Parent.open(root, rel)) {
            if (parent == null) {
                throw new NoSuchFileException(rel);
            }
            Path temp = Path.of(name + ".airlock-restore");
            removeIn(parent.dir, temp);
            try (SeekableByteChannel out = parent.dir.newByteChannel(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, NOFOLLOW))) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            parent.dir.getFileAttributeView(temp, PosixFileAttributeView.class, NOFOLLOW)
                    .setPermissions(PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            Object kind = attributes(parent.dir, name);
            if (kind instanceof BasicFileAttributes a && a.isDirectory()) {
                removeIn(parent.dir, name); // a folder where the file was: rename cannot replace it
            }
            parent.dir.move(temp, parent.dir, name);
        }
    }

    private static void removeIn(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        Object a = attributes(dir, name);
        if (!(a instanceof BasicFileAttributes attrs)) {
            return;
        }
        if (attrs.isDirectory()) {
            try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, NOFOLLOW)) {
                List<Path> names = new ArrayList<>();
                child.forEach(p -> names.add(p.getFileName()));
                for (Path n : names) {
                    removeIn(child, n);
                }
            }
            dir.deleteDirectory(name);
        } else {
            dir.deleteFile(name);
        }
    }

    private static Object attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The folder holding {@code rel}, reached from the root one name at a time, no link followed. */
    private static final class Parent implements AutoCloseable {
        private final List<SecureDirectoryStream<Path>> chain;
        final SecureDirectoryStream<Path> dir;

        private Parent(List<SecureDirectoryStream<Path>> chain) {
            this.chain = chain;
            this.dir = chain.getLast();
        }

        static Parent open(Path root, String rel) throws IOException {
            Path relative = Path.of(rel);
            if (relative.isAbsolute() || rel.isEmpty() || rel.contains("..")) {
                throw new IOException("not a workspace path: " + rel);
            }
            List<SecureDirectoryStream<Path>> chain = new ArrayList<>();
            DirectoryStream<Path> top = Files.newDirectoryStream(root);
            if (!(top instanceof SecureDirectoryStream<Path> secure)) {
                top.close();
                throw new IOException("this platform cannot open folders without following links");
            }
            chain.add(secure);
            try {
                for (int i = 0; i < relative.getNameCount() - 1; i++) {
                    Path part = relative.getName(i);
                    if (attributes(chain.getLast(), part) == null) {
                        closeAll(chain);
                        return null;
                    }
                    chain.add(chain.getLast().newDirectoryStream(part, NOFOLLOW));
                }
            } catch (IOException e) {
                closeAll(chain);
                throw e;
            }
            return new Parent(chain);
        }

        private static void closeAll(List<SecureDirectoryStream<Path>> chain) throws IOException {
            for (var s : chain.reversed()) {
                s.close();
            }
        }

        @Override
        public void close() throws IOException {
            closeAll(chain);
        }
    }
}
