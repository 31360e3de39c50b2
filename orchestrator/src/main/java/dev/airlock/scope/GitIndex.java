package dev.airlock.scope;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The paths a repository's index tracks, read from {@code .git/index} by Airlock itself (no git runs on the
 * host): versions 2 to 4. Only a {@code .git} that is a real folder is read, without following links; anything
 * else, or an index it cannot parse, is "unknown". A repository's objects are named by SHA-1 or, with
 * {@code extensions.objectformat = sha256}, by SHA-256, which makes every entry longer: the size is told by the
 * index's own trailing checksum (computed with the repository's hash), not by a config the sandbox can write.
 */
public final class GitIndex {

    /** Indexes larger than this are not read: the answer is then unknown. */
    static final long LIMIT = 64L * 1024 * 1024;
    /** What git stores in an index entry's mode: a file, an executable, a link, a submodule. */
    private static final Set<Integer> KNOWN_MODES = Set.of(0100644, 0100755, 0120000, 0160000);

    private GitIndex() {
    }

    /**
     * A tracked path, and whether git already skips its working-tree copy ({@code update-index --skip-worktree});
     * its file mode ({@code 0100644}, {@code 0120000} for a link, ...) and the name of its staged blob, in hex (40
     * digits: SHA-1; 64: SHA-256).
     */
    public record Entry(String path, boolean skipWorktree, int mode, String blob) {

        public Entry(String path, boolean skipWorktree) {
            this(path, skipWorktree, 0, "");
        }
    }

    /** The tracked paths of the repository at the workspace's top, or empty when there is none or it cannot be read. */
    public static Optional<List<String>> tracked(Path workspace) {
        return entries(workspace).map(list -> list.stream().map(Entry::path).toList());
    }

    /**
     * The index's entries, or empty when there is no repository at the top or its index cannot be read. Read
     * through {@link WorkspaceFiles}: a {@code .git} or index swapped for a link leads to no host file.
     */
    public static Optional<List<Entry>> entries(Path workspace) {
        try {
            return WorkspaceFiles.head(workspace, ".git/index", (int) LIMIT + 1)
                    .filter(bytes -> bytes.length >= 12 && bytes.length <= LIMIT)
                    .flatMap(bytes -> parse(ByteBuffer.wrap(bytes)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The entries of an index file of Airlock's own (a branch session's private store, never mounted): read
     * directly, no link followed; empty when it is missing, too large or cannot be parsed.
     */
    public static Optional<List<Entry>> entriesOf(Path index) {
        try {
            if (!Files.isRegularFile(index, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(index) > LIMIT) {
                return Optional.empty();
            }
            return parse(ByteBuffer.wrap(Files.readAllBytes(index)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The entries, named with the hash the checksum at the index's end was made with. An index whose checksum
     * matches neither is read only where exactly one hash size yields a well-formed index (git may write zeros
     * there: {@code index.skipHash}).
     */
    static Optional<List<Entry>> parse(ByteBuffer b) {
        byte[] all = new byte[b.remaining()];
        b.duplicate().get(all);
        List<Integer> sizes = new ArrayList<>();
        for (var hash : List.of(new Object[] {"SHA-1", 20}, new Object[] {"SHA-256", 32})) {
            int size = (Integer) hash[1];
            if (checksumMatches(all, (String) hash[0], size)) {
                return parse(ByteBuffer.wrap(all), size);
            }
            sizes.add(size);
        }
        List<List<Entry>> readings = sizes.stream().map(size -> parse(ByteBuffer.wrap(all), size))
                .flatMap(Optional::stream).toList();
        return readings.size() == 1 ? Optional.of(readings.getFirst()) : Optional.empty();
    }

    private static boolean checksumMatches(byte[] all, String algorithm, int size) {
        if (all.length < 12 + size) {
            return false;
        }
        try {
            var digest = java.security.MessageDigest.getInstance(algorithm);
            digest.update(all, 0, all.length - size);
            return java.util.Arrays.equals(digest.digest(), 0, size, all, all.length - size, all.length);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entries of an index whose object names are {@code hashSize} bytes; empty where it is not well-formed. */
    static Optional<List<Entry>> parse(ByteBuffer b, int hashSize) {
        try {
            return read(b, hashSize);
        } catch (RuntimeException e) {
            return Optional.empty(); // ran past the end, a length out of range: not an index of this hash size
        }
    }

    private static Optional<List<Entry>> read(ByteBuffer b, int hashSize) {
        if (b.remaining() < 12 || b.get() != 'D' || b.get() != 'I' || b.get() != 'R' || b.get() != 'C') {
            return Optional.empty();
        }
        int version = b.getInt();
        long count = Integer.toUnsignedLong(b.getInt());
        if (version < 2 || version > 4 || count > 10_000_000) {
            return Optional.empty();
        }
        List<Entry> paths = new ArrayList<>((int) Math.min(count, 100_000));
        byte[] previous = new byte[0];
        for (long i = 0; i < count; i++) {
            int start = b.position();
            if (b.remaining() < 40 + hashSize + 2) {
                return Optional.empty();
            }
            int mode = b.getInt(start + 24);
            byte[] sha = new byte[hashSize];
            b.get(start + 40, sha);
            b.position(start + 40 + hashSize);
            int flags = Short.toUnsignedInt(b.getShort());
            boolean skip = false;
            if (version >= 3 && (flags & 0x4000) != 0) {
                skip = (b.getShort() & 0x4000) != 0;
            }
            byte[] path;
            if (version == 4) {
                long strip = varint(b);
                if (strip > previous.length) {
                    return Optional.empty();
                }
                byte[] suffix = untilNul(b);
                path = new byte[previous.length - (int) strip + suffix.length];
                System.arraycopy(previous, 0, path, 0, previous.length - (int) strip);
                System.arraycopy(suffix, 0, path, previous.length - (int) strip, suffix.length);
            } else {
                path = untilNul(b);
                int length = b.position() - start;
                int padded = (length + 7) / 8 * 8;
                b.position(start + padded);
            }
            // the flags' low 12 bits are the name's length (or 0xFFF for longer): the check that tells a
            // misread entry, as one read with the wrong hash size is
            int nameLength = flags & 0xFFF;
            if (nameLength != Math.min(path.length, 0xFFF) || !KNOWN_MODES.contains(mode)) {
                return Optional.empty();
            }
            previous = path;
            paths.add(new Entry(new String(path, StandardCharsets.UTF_8), skip, mode, java.util.HexFormat.of().formatHex(sha)));
        }
        return Optional.of(paths);
    }

    private static byte[] untilNul(ByteBuffer b) {
        int from = b.position();
        while (b.get() != 0) {
            // scan
        }
        byte[] out = new byte[b.position() - from - 1];
        b.get(from, out);
        return out;
    }

    /** git's offset varint ({@code varint.c}): each continuation adds one before shifting. */
    private static long varint(ByteBuffer b) {
        int c = Byte.toUnsignedInt(b.get());
        long value = c & 0x7f;
        while ((c & 0x80) != 0) {
            c = Byte.toUnsignedInt(b.get());
            value = ((value + 1) << 7) | (c & 0x7f);
            if (value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("index path prefix too long");
            }
        }
        return value;
    }

    /** Of the masked paths (folders end with {@code /}), those the index tracks, in index order. */
    public static List<String> trackedAmong(List<String> tracked, List<String> masked) {
        Set<String> files = new java.util.HashSet<>();
        List<String> dirs = new ArrayList<>();
        for (String m : masked) {
            if (m.endsWith("/")) {
                dirs.add(m);
            } else {
                files.add(m);
            }
        }
        return tracked.stream().filter(p -> files.contains(p) || dirs.stream().anyMatch(p::startsWith)).toList();
    }
}
