package dev.airlock.scope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads files of a workspace on the host as if the sandbox had just rewritten it: each component below the
 * workspace root is opened relative to its folder with {@code O_NOFOLLOW}, so no symbolic link is followed
 * anywhere, and what was opened is checked (a folder where a folder is expected; a regular file with one
 * link, so neither a FIFO nor a hard link to a file elsewhere). Refusals say what is wrong, never content.
 */
public final class WorkspaceFiles {

    /** A workspace file Airlock will not read, and why (no content in the message). */
    public static final class Refused extends IOException {
        private final String relative;

        Refused(String relative, String problem) {
            super(problem);
            this.relative = relative;
        }

        /** The workspace-relative path of what was refused. */
        public String relative() {
            return relative;
        }
    }

    private static final int ENOENT = 2;
    private static final int ENOTDIR = 20;
    private static final int ELOOP = 40;
    private static final int ENXIO = 6;
    private static final int O_RDONLY = 0;
    private static final int O_NOCTTY = 0400;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_TYPE = 0x1;
    private static final int STATX_MODE = 0x2;
    private static final int STATX_NLINK = 0x4;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    /** struct statx is the same on every Linux architecture: nlink at 16, mode at 28, 256 bytes in all. */
    private static final long STATX_SIZE = 256;
    private static final long STX_NLINK = 16;
    private static final long STX_MODE = 28;

    private static final int O_NOFOLLOW = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> 0400000;
        case "aarch64", "arm64" -> 0100000;
        default -> -1;
    };

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPENAT = function("openat",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(3), Linker.Option.captureCallState("errno"));
    private static final MethodHandle STATX = function("statx",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS), Linker.Option.captureCallState("errno"));
    private static final MethodHandle READ = function("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private WorkspaceFiles() {
    }

    /**
     * The bytes of {@code root/relative} (a {@code /}-separated path), or empty when it does not exist.
     * Refused: a symbolic link in any component, a component that is not a folder, a final entry that is
     * not a regular file, a file with more than one hard link, a file larger than {@code max} bytes.
     */
    public static Optional<byte[]> read(Path root, String relative, int max) throws IOException {
        try (Arena arena = Arena.ofConfined(); Opened file = open(arena, root, relative)) {
            if (file == null) {
                return Optional.empty();
            }
            if (file.type() != S_IFREG) {
                throw new Refused(relative, "is " + kind(file.type()) + ", not a regular file; Airlock reads only regular files there");
            }
            if (file.links() != 1) {
                throw new Refused(relative, "has " + file.links() + " hard links (one may be a file outside the workspace);"
                        + " Airlock reads only files with a single link there");
            }
            return Optional.of(readAll(arena, file.fd(), relative, max, true));
        }
    }

    /**
     * At most the first {@code max} bytes of {@code root/relative}, reached through no link and opened without
     * blocking (a FIFO swapped in is no regular file): empty when it is absent or not a regular file. Hard
     * links are allowed, for callers that only look at what a file holds and print none of it.
     */
    public static Optional<byte[]> head(Path root, String relative, int max) throws IOException {
        try (Arena arena = Arena.ofConfined(); Opened file = open(arena, root, relative)) {
            if (file == null || file.type() != S_IFREG) {
                return Optional.empty();
            }
            return Optional.of(readAll(arena, file.fd(), relative, max, false));
        }
    }

    /** What {@code root/relative} is, without following any link: empty when absent. */
    public static Optional<String> type(Path root, String relative) throws IOException {
        try (Arena arena = Arena.ofConfined(); Opened file = open(arena, root, relative)) {
            return file == null ? Optional.empty() : Optional.of(kind(file.type()));
        }
    }

    /** Whether {@code root/relative} is a folder reached through no link. Refused when something else is in the way. */
    public static boolean isFolder(Path root, String relative) throws IOException {
        try (Arena arena = Arena.ofConfined(); Opened file = open(arena, root, relative)) {
            if (file == null) {
                return false;
            }
            if (file.type() != S_IFDIR) {
                throw new Refused(relative, "is " + kind(file.type()) + ", not a folder");
            }
            return true;
        }
    }

    /** The names in the folder {@code root/relative} (reached through no link), sorted; empty when it does not exist. */
    public static List<String> list(Path root, String relative) throws IOException {
        try (Arena arena = Arena.ofConfined(); Opened dir = open(arena, root, relative)) {
            if (dir == null) {
                return List.of();
            }
            if (dir.type() != S_IFDIR) {
                throw new Refused(relative, "is " + kind(dir.type()) + ", not a folder");
            }
            // the folder this descriptor holds, whatever its path names by now: no lookup by name again
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/self/fd/" + dir.fd()))) {
                entries.forEach(p -> names.add(p.getFileName().toString()));
            }
            names.sort(null);
            return List.copyOf(names);
        }
    }

    private record Opened(int fd, int type, long links) implements AutoCloseable {
        @Override
        public void close() {
            WorkspaceFiles.close(fd);
        }
    }

    /** Opens each component relative to the last, following no link; null when a component does not exist. */
    private static Opened open(Arena arena, Path root, String relative) throws IOException {
        if (O_NOFOLLOW < 0) {
            throw new Refused(relative, "cannot be read safely on this architecture (" + System.getProperty("os.arch") + ")");
        }
        List<String> parts = new ArrayList<>();
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new Refused(relative, "leaves the workspace (..)");
            }
            parts.add(part);
        }
        MemorySegment state = arena.allocate(CALL_STATE);
        // the root is the workspace as the user named it (already resolved); from there on nothing is followed
        int fd = openat(state, arena, -100, root.toAbsolutePath().toString(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
            throw new IOException("cannot open the workspace " + root + " (" + errno(state) + ")");
        }
        Opened current = new Opened(fd, S_IFDIR, 1);
        String walked = "";
        try {
            for (int i = 0; i < parts.size(); i++) {
                walked = walked.isEmpty() ? parts.get(i) : walked + "/" + parts.get(i);
                if (current.type() != S_IFDIR) {
                    throw new Refused(relative, walked.substring(0, walked.lastIndexOf('/')) + " is " + kind(current.type())
                            + ", not a folder");
                }
                int next = openat(state, arena, current.fd(), parts.get(i), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
                if (next < 0) {
                    int err = errno(state);
                    if (err == ENOENT) {
                        current.close();
                        return null;
                    }
                    throw new Refused(relative, switch (err) {
                        case ELOOP -> walked.equals(relative) ? "is a symbolic link; Airlock follows no link in the workspace"
                                : walked + " is a symbolic link; Airlock follows no link in the workspace";
                        case ENOTDIR -> walked + " is not a folder";
                        case ENXIO -> walked + " is a socket";
                        default -> "cannot be opened (errno " + err + ")";
                    });
                }
                Opened opened = stat(arena, state, next, relative);
                current.close();
                current = opened;
            }
            return current;
        } catch (IOException | RuntimeException e) {
            current.close();
            throw e;
        }
    }

    private static Opened stat(Arena arena, MemorySegment state, int fd, String relative) throws IOException {
        MemorySegment buf = arena.allocate(STATX_SIZE, 8);
        try {
            int rc = (int) STATX.invokeExact(state, fd, arena.allocateFrom(""), AT_EMPTY_PATH, STATX_TYPE | STATX_MODE | STATX_NLINK, buf);
            if (rc != 0) {
                close(fd);
                throw new Refused(relative, "cannot be examined (errno " + errno(state) + ")");
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            close(fd);
            throw new IllegalStateException(t);
        }
        int mode = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, STX_MODE));
        long links = Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT, STX_NLINK));
        return new Opened(fd, mode & S_IFMT, links);
    }

    /** Reads to the end, or to {@code max} bytes: past them a file is refused, or cut when {@code refuseLarger} is false. */
    private static byte[] readAll(Arena arena, int fd, String relative, int max, boolean refuseLarger) throws IOException {
        MemorySegment state = arena.allocate(CALL_STATE);
        MemorySegment buf = arena.allocate(64 * 1024);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            long n;
            try {
                n = (long) READ.invokeExact(state, fd, buf, buf.byteSize());
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (n < 0) {
                throw new Refused(relative, "cannot be read (errno " + errno(state) + ")");
            }
            if (n == 0) {
                return out.toByteArray();
            }
            if (out.size() + n > max) {
                if (refuseLarger) {
                    throw new Refused(relative, "is larger than " + max + " bytes");
                }
                out.write(buf.asSlice(0, max - out.size()).toArray(ValueLayout.JAVA_BYTE));
                return out.toByteArray();
            }
            out.write(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    private static int openat(MemorySegment state, Arena arena, int dirfd, String name, int flags) {
        try {
            return (int) OPENAT.invokeExact(state, dirfd, arena.allocateFrom(name), flags, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static String kind(int type) {
        return switch (type) {
            case S_IFREG -> "a file";
            case S_IFDIR -> "a folder";
            case S_IFLNK -> "a symbolic link";
            case S_IFIFO -> "a FIFO (named pipe)";
            case S_IFSOCK -> "a socket";
            case S_IFCHR, S_IFBLK -> "a device";
            default -> "not a file";
        };
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name)),
                descriptor, options);
    }
}
