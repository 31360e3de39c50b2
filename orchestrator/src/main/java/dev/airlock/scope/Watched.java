package dev.airlock.scope;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The workspace entries a host program would act on if a sandbox planted them, fingerprinted (type, size,
 * modification time, inode; small config files also by their bytes): every {@code .git} at any depth and, in
 * a repository folder, its config files, redirects and hooks; and every path a host tool loads. Taken before
 * and after a command, the two tell what the command created or changed there.
 *
 * @param entries workspace-relative path to what was there
 */
public record Watched(Map<String, Entry> entries) {

    /** Config files are small; past this a file is fingerprinted without its bytes. */
    static final int KEEP_BYTES = 256 * 1024;

    /** What a watched path is to git or a host tool. */
    public enum Role { GIT_DIR, GIT_FILE, GIT_LINK, CONFIG, REDIRECT, HOOK, HOST_TOOL }

    public enum Type { DIRECTORY, FILE, LINK, OTHER }

    /**
     * @param bytes the content, for files up to {@link #KEEP_BYTES} (config files, redirects, hooks)
     */
    public record Entry(Role role, Type type, long size, long modifiedNanos, String inode, Optional<byte[]> bytes) {

        /** Same type, size, time, inode and bytes. */
        public boolean sameAs(Entry o) {
            return type == o.type && size == o.size && modifiedNanos == o.modifiedNanos && inode.equals(o.inode)
                    && bytes.isPresent() == o.bytes.isPresent() && (bytes.isEmpty() || Arrays.equals(bytes.get(), o.bytes.get()));
        }
    }

    public Watched {
        entries = java.util.Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    public static Watched none() {
        return new Watched(Map.of());
    }

    /**
     * A walk that finds only the watched entries (after a command), skipping the folders the scan before it
     * masked (the sandbox saw them empty and read-only). A folder with no subfolders (its link count says so)
     * is only listed: just the names that matter are looked at, which keeps this walk cheap.
     *
     * @param skip workspace-relative folders to leave out, ending with {@code /} (others are ignored)
     */
    public static Watched of(Path root, PathPatterns hostTools, java.util.Collection<String> skip) {
        java.util.Set<String> skipped = new java.util.HashSet<>();
        skip.stream().filter(s -> s.endsWith("/")).forEach(s -> skipped.add(s.substring(0, s.length() - 1)));
        Map<String, Entry> into = new java.util.HashMap<>();
        walk(root, root, "", hostTools, hostTools.lastNames(), skipped, into, 0);
        return new Watched(into);
    }

    private static void walk(Path root, Path dir, String prefix, PathPatterns tools, Optional<java.util.Set<String>> names,
                             java.util.Set<String> skip, Map<String, Entry> into, int depth) {
        if (depth > 256) {
            return;
        }
        boolean leaf = false;
        try {
            Object links = Files.getAttribute(dir, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            leaf = links instanceof Integer n && n == 2; // "." and the entry in its parent: no subfolder
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no link count here: look at every entry
        }
        for (Path child : list(dir)) {
            String name = child.getFileName().toString();
            boolean git = name.equals(".git");
            boolean named = names.map(n -> n.contains(name)).orElse(true);
            String rel = prefix + name;
            if (leaf && !git && (!named || !tools.matches(rel, false))) {
                continue;
            }
            Optional<BasicFileAttributes> a = attrs(child);
            if (a.isEmpty() || a.get().isOther()) {
                continue; // sockets and devices are masked, as the scan before left them out
            }
            boolean isDir = a.get().isDirectory();
            if (git) {
                put(root, child, a.get(), isDir ? Role.GIT_DIR : a.get().isSymbolicLink() ? Role.GIT_LINK : Role.GIT_FILE, into);
                if (isDir) {
                    collectGitDir(root, child, into, 0);
                }
                continue;
            }
            if (named && tools.matches(rel, isDir)) {
                put(root, child, a.get(), Role.HOST_TOOL, into);
            }
            if (isDir && !skip.contains(rel)) {
                walk(root, child, rel + "/", tools, names, skip, into, depth + 1);
            }
        }
    }

    /** Names in a repository folder that tell git to look elsewhere or load more. */
    private static final java.util.Set<String> CONFIGS = java.util.Set.of("config", "config.worktree");
    private static final java.util.Set<String> REDIRECTS = java.util.Set.of("commondir", "gitdir");
    /** Repository folders that hold only git's own data: never walked (objects/ is most of a repository). */
    private static final java.util.Set<String> DATA = java.util.Set.of("objects", "refs", "logs", "lfs", "rr-cache",
            "packed-refs", "index", "shallow", "FETCH_HEAD", "ORIG_HEAD");

    /** Records {@code gitDir} (already seen by the walk) and what in it git reads as config, redirects or hooks. */
    static void collectGitDir(Path root, Path gitDir, Map<String, Entry> into, int depth) {
        if (depth > 8) {
            return; // submodules inside submodules inside ...: far enough
        }
        for (Path child : list(gitDir)) {
            String name = child.getFileName().toString();
            Optional<BasicFileAttributes> a = attrs(child);
            if (a.isEmpty()) {
                continue;
            }
            if (CONFIGS.contains(name)) {
                put(root, child, a.get(), Role.CONFIG, into);
            } else if (REDIRECTS.contains(name)) {
                put(root, child, a.get(), Role.REDIRECT, into);
            } else if (name.equals("hooks")) {
                put(root, child, a.get(), Role.HOOK, into);
                if (a.get().isDirectory()) {
                    for (Path hook : list(child)) {
                        if (!hook.getFileName().toString().endsWith(".sample")) {
                            attrs(hook).ifPresent(h -> put(root, hook, h, Role.HOOK, into));
                        }
                    }
                }
            } else if (name.equals("objects") && a.get().isDirectory()) {
                Path alternates = child.resolve("info").resolve("alternates");
                attrs(alternates).ifPresent(h -> put(root, alternates, h, Role.REDIRECT, into));
            } else if ((name.equals("worktrees") || name.equals("modules")) && a.get().isDirectory()) {
                collectNested(root, child, into, depth + 1);
            }
        }
    }

    /** worktrees/NAME and modules/NAME (a name may have slashes): a folder with HEAD is a repository folder. */
    private static void collectNested(Path root, Path dir, Map<String, Entry> into, int depth) {
        if (depth > 8) {
            return;
        }
        for (Path child : list(dir)) {
            Optional<BasicFileAttributes> a = attrs(child);
            if (a.isEmpty() || !a.get().isDirectory() || DATA.contains(child.getFileName().toString())) {
                continue;
            }
            if (attrs(child.resolve("HEAD")).isPresent() || attrs(child.resolve("config")).isPresent()) {
                collectGitDir(root, child, into, depth);
            } else {
                collectNested(root, child, into, depth + 1);
            }
        }
    }

    static void put(Path root, Path path, BasicFileAttributes a, Role role, Map<String, Entry> into) {
        Type type = a.isSymbolicLink() ? Type.LINK : a.isDirectory() ? Type.DIRECTORY : a.isRegularFile() ? Type.FILE : Type.OTHER;
        Optional<byte[]> bytes = Optional.empty();
        if (type == Type.FILE && role != Role.HOST_TOOL && a.size() <= KEEP_BYTES) {
            bytes = read(path);
        }
        String rel = root.relativize(path).toString();
        into.put(rel, new Entry(role, type, a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                String.valueOf(a.fileKey()), bytes));
    }

    private static Optional<byte[]> read(Path file) {
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(KEEP_BYTES + 1);
            return bytes.length > KEEP_BYTES ? Optional.empty() : Optional.of(bytes);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<BasicFileAttributes> attrs(Path p) {
        try {
            return Optional.of(Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static java.util.List<Path> list(Path dir) {
        if (attrs(dir).map(a -> !a.isDirectory()).orElse(true)) {
            return java.util.List.of();
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            java.util.List<Path> out = new java.util.ArrayList<>();
            s.forEach(out::add);
            return out;
        } catch (IOException e) {
            return java.util.List.of();
        }
    }
}
