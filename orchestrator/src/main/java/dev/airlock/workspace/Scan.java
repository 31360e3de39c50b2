package dev.airlock.workspace;

import dev.airlock.AirlockException;
import dev.airlock.scope.PathPatterns;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One walk over a workspace: the files and symlinks a checkpoint stores (with the size of each regular file),
 * the masked files whose content it never stores (a mask pattern matches the file or a folder above it, or
 * the file is a hard link to such a file), the directories with nothing stored beneath them (git keeps no
 * directories, so these are remembered beside the tree), and what is left out and why. Symlinks are never
 * followed. A path that cannot be read fails the whole walk, naming every such path: a checkpoint that
 * silently lacks files would make a rollback silently wrong.
 */
record Scan(List<String> files, Map<String, Long> sizes, List<String> masked, List<String> emptyDirectories,
            List<Excluded> excluded) {

    private static final int LISTED = 20;

    static Scan of(Path root, Excludes excludes) {
        return of(root, excludes, PathPatterns.of(List.of()));
    }

    static Scan of(Path root, Excludes excludes, PathPatterns masks) {
        List<String> files = new ArrayList<>();
        Map<String, Long> sizes = new HashMap<>();
        Map<String, Object> keys = new HashMap<>();
        Set<Object> maskedKeys = new HashSet<>();
        List<String> masked = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        List<Excluded> excluded = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Deque<int[]> stored = new ArrayDeque<>();
        int[] maskedDepth = {0};
        walk(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root)) {
                    String rel = relative(root, dir, unreadable);
                    Optional<String> why = leftOut(root, dir, true, excludes);
                    if (why.isPresent()) {
                        why.filter(reason -> !reason.isEmpty()).ifPresent(reason -> excluded.add(new Excluded(rel + "/", reason)));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (maskedDepth[0] > 0 || masks.matches(rel, true)) {
                        maskedDepth[0]++;
                    }
                }
                stored.push(new int[1]);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(root, file, unreadable);
                Optional<String> why = leftOut(root, file, false, excludes);
                if (why.isPresent()) {
                    why.filter(reason -> !reason.isEmpty()).ifPresent(reason -> excluded.add(new Excluded(rel, reason)));
                } else if (attrs.isRegularFile() && (maskedDepth[0] > 0 || masks.matches(rel, false))) {
                    // a secret's bytes never enter the store, whatever folder or name the file has now
                    masked.add(rel);
                    Optional.ofNullable(attrs.fileKey()).ifPresent(maskedKeys::add);
                    stored.element()[0]++;
                } else if (attrs.isSymbolicLink() || attrs.isRegularFile() && Files.isReadable(file)) {
                    files.add(rel);
                    if (attrs.isRegularFile()) {
                        sizes.put(rel, attrs.size());
                        Optional.ofNullable(attrs.fileKey()).ifPresent(key -> keys.put(rel, key));
                    }
                    stored.element()[0]++;
                } else if (attrs.isRegularFile()) {
                    unreadable.add(rel);
                } else {
                    excluded.add(new Excluded(rel, "not a file, directory or symlink (a socket, pipe or device)"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                unreadable.add(file.equals(root) ? "." : root.relativize(file) + "/");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                int beneath = stored.pop()[0];
                if (maskedDepth[0] > 0 && !dir.equals(root)) {
                    maskedDepth[0]--;
                }
                if (e != null) {
                    unreadable.add(root.relativize(dir) + "/");
                } else if (!dir.equals(root)) {
                    if (beneath == 0) {
                        empty.add(root.relativize(dir).toString());
                    }
                    stored.element()[0]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (!unreadable.isEmpty()) {
            throw AirlockException.failure("cannot checkpoint " + root + ": " + unreadable.size()
                            + " path(s) cannot be read: " + listed(unreadable),
                    "make them readable (chmod u+r, and u+x for folders) or exclude them; a checkpoint never skips files silently");
        }
        if (!maskedKeys.isEmpty()) {
            // a hard link shares a masked file's bytes under a name no pattern matches: it is masked too
            List<String> links = files.stream().filter(f -> keys.containsKey(f) && maskedKeys.contains(keys.get(f))).toList();
            files.removeAll(links);
            links.forEach(sizes::remove);
            masked.addAll(links);
        }
        files.sort(null);
        masked.sort(null);
        empty.sort(null);
        excluded.sort((a, b) -> a.path().compareTo(b.path()));
        return new Scan(List.copyOf(files), Map.copyOf(sizes), List.copyOf(masked), List.copyOf(empty), List.copyOf(excluded));
    }

    /**
     * Removes directories that are empty now but were not empty directories in the restored checkpoint: git
     * removes the files a rollback deletes, not the folders created for them.
     */
    static void removeEmptyDirectories(Path root, Excludes excludes, Set<String> keep) {
        walk(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(root) || leftOut(root, dir, true, excludes).isEmpty()
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (!dir.equals(root) && !keep.contains(root.relativize(dir).toString()) && isEmpty(dir)) {
                    Files.delete(dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Why a path is not stored: empty reason for the user's own top-level {@code .git} (always left out, not
     * worth listing), else the reason to list; nothing when it is stored.
     */
    private static Optional<String> leftOut(Path root, Path path, boolean directory, Excludes excludes) {
        Path rel = root.relativize(path);
        String name = rel.getFileName().toString();
        if (name.equalsIgnoreCase(".git")) {
            // git refuses any path component spelled .git, so nested repositories keep their history out of it
            return Optional.of(rel.getNameCount() == 1 && name.equals(".git") ? "" : "git metadata of a nested repository");
        }
        return excludes.match(rel, directory).map(rule -> "excluded by rule " + rule);
    }

    private static String relative(Path root, Path path, List<String> unreadable) {
        Path rel = root.relativize(path);
        String text = rel.toString();
        // a name the JDK cannot spell in its file name charset would reach git as another name
        if (!Path.of(text).equals(rel)) {
            unreadable.add(text + " (its name is not valid in " + StoreGit.NAMES + ")");
        }
        return text;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    private static void walk(Path root, SimpleFileVisitor<Path> visitor) {
        try {
            Files.walkFileTree(root, Set.of(), Integer.MAX_VALUE, visitor);
        } catch (IOException e) {
            throw AirlockException.failure("cannot walk the workspace " + root + ": " + e.getMessage(),
                    "check that the workspace still exists and is readable");
        }
    }

    static String listed(List<String> paths) {
        String shown = String.join(", ", paths.subList(0, Math.min(LISTED, paths.size())));
        return paths.size() > LISTED ? shown + " and " + (paths.size() - LISTED) + " more" : shown;
    }
}
