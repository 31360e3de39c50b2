package dev.airlock.scope;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which of the paths a command deletes git can bring back as they are: a regular file the index tracks whose
 * content is its staged blob (hashed here, as git does, not judged by timestamps), or a folder every file of which
 * is such a file. Read by Airlock itself through {@link WorkspaceFiles} (no git runs, no link is followed); a link,
 * a file git does not track or that changed, an index it cannot read, or more than the bounds below: not restorable,
 * so the delete is asked about.
 */
public final class Restorable {

    /** Files looked at under one folder before the answer is "not restorable". */
    static final int MAX_FILES = 2_000;
    /** Bytes hashed for one command before the answer is "not restorable". */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Path root;
    private final Map<String, GitIndex.Entry> index;
    private long budget = MAX_BYTES;
    private int files;

    private Restorable(Path root, Map<String, GitIndex.Entry> index) {
        this.root = root;
        this.index = index;
    }

    /** Of {@code paths} (workspace-relative, {@code /}-separated), those git restores as they are now. */
    public static List<String> among(Path root, List<String> paths) {
        return paths.isEmpty() ? List.of() : among(root, GitIndex.entries(root), paths);
    }

    /**
     * Of {@code paths}, those the index file {@code index} (Airlock's own: a branch session's store, whose
     * working tree is {@code root}) holds as they are now: what the branch's last commit brings back.
     */
    public static List<String> among(Path root, Path index, List<String> paths) {
        return paths.isEmpty() ? List.of() : among(root, GitIndex.entriesOf(index), paths);
    }

    private static List<String> among(Path root, java.util.Optional<List<GitIndex.Entry>> entries, List<String> paths) {
        if (entries.isEmpty()) {
            return List.of();
        }
        var r = new Restorable(root, entries.get().stream()
                .collect(Collectors.toMap(GitIndex.Entry::path, Function.identity(), (a, b) -> a)));
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            if (r.restorable(p)) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    private boolean restorable(String path) {
        if (path.isEmpty() || path.startsWith("/") || List.of(path.split("/")).stream()
                .anyMatch(c -> c.isEmpty() || c.equals(".") || c.equals("..") || c.equals(".git"))) {
            return false;
        }
        files = 0;
        try {
            return clean(path, true);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code path} and all under it are tracked and unchanged; a folder must hold at least one tracked file. */
    private boolean clean(String path, boolean top) throws IOException {
        var type = WorkspaceFiles.type(root, path);
        if (type.isEmpty()) {
            return false; // gone already: nothing to decide, but nothing to call restorable either
        }
        switch (type.get()) {
            case "a file" -> {
                return file(path);
            }
            case "a folder" -> {
                List<String> names = WorkspaceFiles.list(root, path);
                boolean any = false;
                for (String name : names) {
                    if (++files > MAX_FILES || !clean(path + "/" + name, false)) {
                        return false;
                    }
                    any = true;
                }
                return any || !top;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean file(String path) throws IOException {
        GitIndex.Entry e = index.get(path);
        if (e == null || (e.mode() & 0170000) != 0100000 || e.skipWorktree()
                || (e.blob().length() != 40 && e.blob().length() != 64)) {
            return false;
        }
        var bytes = WorkspaceFiles.head(root, path, (int) Math.min(budget + 1, Integer.MAX_VALUE - 8));
        if (bytes.isEmpty() || bytes.get().length > budget) {
            return false;
        }
        budget -= bytes.get().length;
        return blob(bytes.get(), e.blob().length() == 64 ? "SHA-256" : "SHA-1").equals(e.blob());
    }

    /** git's blob id: SHA-1 (or, in a SHA-256 repository, SHA-256) of {@code "blob <size>\0"} and the content. */
    static String blob(byte[] content, String algorithm) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance(algorithm);
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
