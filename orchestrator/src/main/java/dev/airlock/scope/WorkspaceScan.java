package dev.airlock.scope;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One walk of the workspace (symlinks never followed) that finds what a sandbox must not see or change:
 * files and folders matching the masked patterns (and hard links to them), existing protected paths, and
 * unix sockets; plus the counts and signs that the folder is broader than one project.
 *
 * @param files     regular files seen
 * @param bytes     their total size
 * @param masked    workspace-relative paths to mask; folders end with {@code /}
 * @param protect   workspace-relative protected paths that exist; folders end with {@code /}
 * @param warnings  things a person should know about this boundary
 * @param pinned    workspace-relative pinned paths that exist (folders and files, never links); folders end with {@code /}
 * @param watched   what a host program would act on, fingerprinted, to compare with after a command
 */
public record WorkspaceScan(long files, long bytes, List<String> masked, List<String> protect, List<String> warnings,
                            List<String> pinned, Watched watched) {

    /** Each masked path is a mount; an engine handles a few hundred well. */
    public static final int MASK_LIMIT = 256;

    public WorkspaceScan {
        masked = List.copyOf(masked);
        protect = List.copyOf(protect);
        warnings = List.copyOf(warnings);
        pinned = List.copyOf(pinned);
        Objects.requireNonNull(watched);
    }

    public WorkspaceScan(long files, long bytes, List<String> masked, List<String> protect, List<String> warnings) {
        this(files, bytes, masked, protect, warnings, List.of(), Watched.none());
    }

    public static WorkspaceScan of(Path root, List<String> maskedPatterns, List<String> protectedPatterns) {
        return of(root, maskedPatterns, protectedPatterns, List.of(), List.of());
    }

    /**
     * @param pinnedPatterns   paths to pin in place
     * @param hostToolPatterns paths host tools load: watched (and protected when {@code protectedPatterns} lists them)
     */
    public static WorkspaceScan of(Path root, List<String> maskedPatterns, List<String> protectedPatterns,
                                   List<String> pinnedPatterns, List<String> hostToolPatterns) {
        return of(root, maskedPatterns, protectedPatterns, pinnedPatterns, hostToolPatterns, Snapshots.DEFAULT);
    }

    /**
     * How hard to try for a walk no other command disturbed: a command of another sandbox of this workspace
     * that renames a folder while it is walked can move a secret from a folder not yet read into one already
     * read, and a walk that missed it would leave it unmasked. Each walk stamps every folder it reads (inode
     * and change time, which no program can set back) and checks them all again at its end.
     *
     * @param attempts walks before refusing
     * @param pause    first wait between two walks, doubled each time
     */
    public record Snapshots(int attempts, java.time.Duration pause) {
        public static final Snapshots DEFAULT = new Snapshots(10, java.time.Duration.ofMillis(5)); // about 5 s of waits in all

        public Snapshots {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }
    }

    static WorkspaceScan of(Path root, List<String> maskedPatterns, List<String> protectedPatterns,
                            List<String> pinnedPatterns, List<String> hostToolPatterns, Snapshots snapshots) {
        String changed = "";
        long pause = snapshots.pause().toMillis();
        PathPatterns masks = PathPatterns.of(maskedPatterns);
        PathPatterns protects = PathPatterns.of(protectedPatterns);
        PathPatterns pins = PathPatterns.of(pinnedPatterns);
        PathPatterns hostTools = PathPatterns.of(hostToolPatterns);
        for (int attempt = 1; attempt <= snapshots.attempts(); attempt++) {
            var walker = new Walker(root, masks, protects, pins, hostTools);
            walk(root, walker);
            var moved = walker.stamps.firstChanged();
            if (moved.isEmpty()) {
                return walker.result();
            }
            changed = moved.get();
            if (attempt < snapshots.attempts()) {
                pause(pause);
                pause *= 2;
            }
        }
        throw AirlockException.failure("not run: the workspace kept changing while Airlock read it (" + changed
                        + " changed in each of " + snapshots.attempts() + " readings), so what to mask could not be known",
                "another command of this workspace is probably renaming or creating files right now; run this one "
                        + "again when it has ended");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AirlockException.failure("interrupted while reading the workspace", "run the command again");
        }
    }

    private static void walk(Path root, Walker walker) {
        try {
            Files.walkFileTree(root, walker);
        } catch (IOException e) {
            throw AirlockException.failure("cannot read the workspace " + root + ": " + e.getMessage(),
                    "check the folder's permissions");
        }
    }

    private static final class Walker extends SimpleFileVisitor<Path> {
        private final Path root;
        private final PathPatterns masks;
        private final PathPatterns protects;
        private final PathPatterns pins;
        private final PathPatterns hostTools;
        private final java.util.Optional<java.util.Set<String>> toolNames;
        private final Map<String, Watched.Entry> watched = new HashMap<>();
        private final Set<String> pinned = new TreeSet<>();
        private final Set<String> masked = new TreeSet<>();
        private final Set<String> protect = new TreeSet<>();
        private final List<String> warnings = new ArrayList<>();
        private final Map<Object, List<String>> byInode = new HashMap<>();
        private final Stamps stamps = new Stamps();
        private final Set<Object> maskedInodes = new HashSet<>();
        private final Set<String> sockets = new TreeSet<>();
        private final Set<String> byContent = new TreeSet<>();
        private int gitRepos;
        private int projectMarkers;
        private boolean homeLike;
        private long files;
        private long bytes;

        Walker(Path root, PathPatterns masks, PathPatterns protects, PathPatterns pins, PathPatterns hostTools) {
            this.root = root;
            this.masks = masks;
            this.protects = protects;
            this.pins = pins;
            this.hostTools = hostTools;
            this.toolNames = hostTools.lastNames();
        }

        /** Most names are no host tool's: a set lookup spares matching each against every pattern. */
        private boolean tool(Path p, String rel, boolean dir) {
            String name = p.getFileName().toString();
            return toolNames.map(n -> n.contains(name)).orElse(true) && hostTools.matches(rel, dir);
        }

        private String rel(Path p) {
            return root.relativize(p).toString().replace('\\', '/');
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(root)) {
                stamps.stamp(root, "");
                return FileVisitResult.CONTINUE;
            }
            String rel = rel(dir);
            if (masks.matches(rel, true)) {
                masked.add(rel + "/");
                return FileVisitResult.SKIP_SUBTREE; // masked whole: where it sits is in its parent's stamp
            }
            // stamped before its entries are read, so any entry moved in or out after shows at the end
            stamps.stamp(dir, rel);
            if (protects.matches(rel, true)) {
                protect.add(rel + "/");
            }
            if (pins.matches(rel, true)) {
                pinned.add(rel + "/");
            }
            if (tool(dir, rel, true)) {
                Watched.put(root, dir, attrs, Watched.Role.HOST_TOOL, watched);
            }
            String name = dir.getFileName().toString();
            if (name.equals(".git")) {
                gitRepos++;
                // a repository's internals are git's: only its config, redirects, hooks and protected paths matter
                Watched.put(root, dir, attrs, Watched.Role.GIT_DIR, watched);
                Map<String, Watched.Entry> inside = new HashMap<>();
                Watched.collectGitDir(root, dir, inside, 0);
                watched.putAll(inside);
                checkProtectedChildren(dir, inside.keySet());
                return FileVisitResult.SKIP_SUBTREE;
            }
            if (rel.indexOf('/') < 0 && (name.equals(".ssh") || name.equals(".cache") || name.equals(".config")
                    || name.equals("Documents") || name.equals("Downloads") || name.equals(".mozilla"))) {
                homeLike = true;
            }
            return FileVisitResult.CONTINUE;
        }

        private void checkProtectedChildren(Path gitDir, Set<String> deeper) {
            if (protects.isEmpty()) {
                return;
            }
            try (var listed = Files.list(gitDir)) {
                List<Path> children = new ArrayList<>(listed.toList());
                deeper.forEach(rel -> children.add(root.resolve(rel)));
                new java.util.LinkedHashSet<>(children).forEach(child -> {
                    String rel = rel(child);
                    boolean dir = Files.isDirectory(child, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (Files.isSymbolicLink(child) && protects.matches(rel, false)) {
                        warnings.add("the protected path " + rel + " is a symbolic link and cannot be kept read-only");
                    } else if (protects.matches(rel, dir)) {
                        protect.add(dir ? rel + "/" : rel);
                    }
                });
            } catch (IOException e) {
                warnings.add("could not look into " + rel(gitDir) + ": " + e.getMessage());
            }
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String rel = rel(file);
            if (attrs.isOther()) {
                sockets.add(rel); // sockets, fifos, devices: a socket could lead to a host service
                return FileVisitResult.CONTINUE;
            }
            String fileName = file.getFileName().toString();
            if (fileName.equals(".git")) {
                Watched.put(root, file, attrs, attrs.isSymbolicLink() ? Watched.Role.GIT_LINK : Watched.Role.GIT_FILE, watched);
                if (attrs.isRegularFile() && pins.matches(rel, false)) {
                    pinned.add(rel);
                }
            }
            if (tool(file, rel, false)) {
                Watched.put(root, file, attrs, Watched.Role.HOST_TOOL, watched);
            }
            if (attrs.isSymbolicLink()) {
                if (protects.matches(rel, false)) {
                    warnings.add("the protected path " + rel + " is a symbolic link and cannot be kept read-only");
                }
                return FileVisitResult.CONTINUE; // resolved inside the container's namespace, never the host's
            }
            files++;
            bytes += attrs.size();
            String name = file.getFileName().toString();
            if (rel.indexOf('/') < 0 && (name.equals(".bashrc") || name.equals(".profile") || name.equals(".bash_history"))) {
                homeLike = true;
            }
            if (rel.split("/").length == 2 && (name.equals("package.json") || name.equals("pom.xml") || name.equals("Cargo.toml")
                    || name.equals("go.mod") || name.equals("pyproject.toml"))) {
                projectMarkers++;
            }
            if (attrs.fileKey() != null) {
                byInode.computeIfAbsent(attrs.fileKey(), k -> new ArrayList<>(1)).add(rel);
            }
            if (masks.matches(rel, false)) {
                masked.add(rel);
                if (attrs.fileKey() != null) {
                    maskedInodes.add(attrs.fileKey());
                }
            } else if (protects.matches(rel, false)) {
                protect.add(rel);
            } else {
                // a secret whatever its name: a private key in deploy.txt, a token in a config file
                SecretContent.of(root, rel, attrs).ifPresent(what -> {
                    masked.add(rel);
                    byContent.add(rel + " (" + what + ")");
                    if (attrs.fileKey() != null) {
                        maskedInodes.add(attrs.fileKey());
                    }
                });
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            warnings.add("could not read " + rel(file) + " (" + e.getClass().getSimpleName() + ")");
            return FileVisitResult.CONTINUE;
        }

        WorkspaceScan result() {
            // a hard link shares its secret's content under another name: mask it too
            for (Object inode : maskedInodes) {
                masked.addAll(byInode.getOrDefault(inode, List.of()));
            }
            masked.addAll(sockets);
            if (!byContent.isEmpty()) {
                warnings.add("masked for what they hold, whatever their names: " + String.join(", ", byContent));
            }
            if (!sockets.isEmpty()) {
                warnings.add("sockets or devices in the workspace are hidden from the sandbox: " + String.join(", ", sockets));
            }
            if (gitRepos > 1) {
                warnings.add("the folder holds " + gitRepos + " git repositories: it may be several projects; pass the one the task needs");
            } else if (projectMarkers > 1) {
                warnings.add("the folder holds " + projectMarkers + " project folders: it may be several projects; pass the one the task needs");
            }
            if (homeLike) {
                warnings.add("the folder looks like a home folder (shell or desktop files at its top); pass the project's folder instead");
            }
            // a masked or linked path is never pinned: the pin would show it, or follow the link on the host
            pinned.removeIf(p -> masked.contains(p) || masked.stream().anyMatch(m -> m.endsWith("/") && p.startsWith(m)));
            return new WorkspaceScan(files, bytes, new ArrayList<>(masked), new ArrayList<>(protect), warnings,
                    new ArrayList<>(pinned), new Watched(watched));
        }
    }
}
