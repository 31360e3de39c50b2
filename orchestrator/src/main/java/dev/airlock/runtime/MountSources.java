package dev.airlock.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The workspace paths a spec's mounts name (bind sources inside the workspace, and targets inside
 * {@code /workspace}, which the engine resolves in the container), looked up the way the sandbox cannot
 * redirect: from a handle on the workspace, one component at a time, no link followed. The engine resolves
 * both again later; a {@link Seen} is what they were, compared again when the container is used.
 */
final class MountSources {

    private MountSources() {
    }

    /** One object as it was found: its identity (device and inode) and whether it is a folder. */
    record Found(Object key, boolean directory) {
    }

    /** What each workspace-relative path of a spec was, by path. */
    record Seen(Map<String, Found> paths) {
        Seen {
            paths = Map.copyOf(paths);
        }
    }

    /**
     * Looks up every workspace path the spec names.
     *
     * @return what was found, or why a path cannot be mounted safely (a link, a missing or changed object)
     */
    static Result look(ContainerSpec spec) {
        Optional<Mount> workspace = MountCheck.workspaceMount(spec);
        if (workspace.isEmpty()) {
            return new Result.Ok(new Seen(Map.of()));
        }
        Path root = workspace.get().hostPath();
        Map<String, Boolean> wanted = new TreeMap<>(); // path -> must be a folder (empty: either)
        Map<String, Boolean> either = new TreeMap<>();
        for (Mount m : spec.mounts()) {
            if (m.equals(workspace.get())) {
                continue;
            }
            MountCheck.relative(root, m.hostPath()).ifPresent(rel -> either.put(rel, true));
            Optional<String> target = MountCheck.relative(Path.of(spec.workdir()), Path.of(m.containerPath()));
            if (target.isPresent()) {
                // a mask's target must be what its source is: an empty folder over a folder, a file over a file
                wanted.put(target.get(), Files.isDirectory(m.hostPath(), LinkOption.NOFOLLOW_LINKS));
            }
        }
        Map<String, Found> found = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
            if (!(stream instanceof SecureDirectoryStream<Path> dir)) {
                return new Result.Refused("this system cannot open the workspace without following links");
            }
            for (String rel : union(wanted, either)) {
                Result.Refused refused = lookUp(dir, rel, wanted.get(rel), found);
                if (refused != null) {
                    return refused;
                }
            }
        } catch (IOException e) {
            return new Result.Refused("the workspace cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return new Result.Ok(new Seen(found));
    }

    /** Whether every path is still the object it was; the first that is not, otherwise. */
    static Optional<String> changed(ContainerSpec spec, Seen before) {
        return switch (look(spec)) {
            case Result.Refused refused -> Optional.of(refused.reason());
            case Result.Ok ok -> before.paths().entrySet().stream()
                    .filter(e -> !e.getValue().equals(ok.seen().paths().get(e.getKey())))
                    .map(e -> e.getKey() + " is no longer the object the container was made over")
                    .findFirst();
        };
    }

    sealed interface Result {
        record Ok(Seen seen) implements Result {
        }

        record Refused(String reason) implements Result {
        }
    }

    private static java.util.Set<String> union(Map<String, Boolean> a, Map<String, Boolean> b) {
        var all = new java.util.TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static Result.Refused lookUp(SecureDirectoryStream<Path> root, String rel, Boolean directory,
                                         Map<String, Found> found) throws IOException {
        String[] parts = rel.split("/");
        SecureDirectoryStream<Path> dir = root;
        try {
            for (int i = 0; i < parts.length; i++) {
                Path name = Path.of(parts[i]);
                if (parts[i].isEmpty() || parts[i].equals(".") || parts[i].equals("..")) {
                    return new Result.Refused(rel + " is not a plain path");
                }
                BasicFileAttributes attrs;
                try {
                    attrs = dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
                } catch (java.nio.file.NoSuchFileException e) {
                    return new Result.Refused(String.join("/", java.util.Arrays.copyOf(parts, i + 1)) + " no longer exists");
                }
                String sofar = String.join("/", java.util.Arrays.copyOf(parts, i + 1));
                if (attrs.isSymbolicLink()) {
                    return new Result.Refused(sofar + " is a symbolic link");
                }
                if (i < parts.length - 1) {
                    if (!attrs.isDirectory()) {
                        return new Result.Refused(sofar + " is not a folder");
                    }
                    // O_NOFOLLOW: a link swapped in since the look above fails here instead of being followed
                    SecureDirectoryStream<Path> next = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                    if (dir != root) {
                        dir.close();
                    }
                    dir = next;
                } else {
                    if (directory != null && attrs.isDirectory() != directory) {
                        return new Result.Refused(rel + " is " + (attrs.isDirectory() ? "a folder" : "not a folder") + " where the mount needs "
                                + (directory ? "a folder" : "a file"));
                    }
                    found.put(rel, new Found(attrs.fileKey(), attrs.isDirectory()));
                }
            }
            return null;
        } catch (java.nio.file.FileSystemException e) {
            return new Result.Refused(rel + " cannot be opened without following links (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (dir != root) {
                dir.close();
            }
        }
    }
}
