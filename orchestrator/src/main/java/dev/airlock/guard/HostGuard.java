package dev.airlock.guard;

import dev.airlock.scope.PathPatterns;
import dev.airlock.scope.Watched;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * After a command that could write the workspace: finds what it created or changed that a host program would
 * run or follow (git config that names a program, hooks, {@code .git} links and gitfiles and redirects out of
 * place, files host tools load), undoes it (previous bytes back, or removed) and says what it found.
 */
public final class HostGuard {

    /** One thing to undo. */
    sealed interface Undo permits Remove, Restore {
        String path();

        String what();
    }

    record Remove(String path, String what) implements Undo {
    }

    record Restore(String path, String what, byte[] bytes, boolean executable) implements Undo {
    }

    private HostGuard() {
    }

    /**
     * Walks the workspace again, compares with {@code before}, and undoes what must not stay.
     *
     * @param hostTools patterns of the paths host tools load (as watched before)
     * @param lifted    workspace-relative paths a person approved writing for this command: left as they are
     * @param masked    the masked paths of the scan before (masked folders are not walked, as before)
     */
    public static List<Finding> enforce(Path root, Watched before, PathPatterns hostTools, Set<String> lifted,
                                        List<String> masked) {
        Watched after = Watched.of(root, hostTools, masked);
        List<Finding> findings = new ArrayList<>();
        for (Undo undo : decide(before, after, lifted)) {
            String done;
            try {
                switch (undo) {
                    case Remove r -> SafeFiles.remove(root, r.path());
                    case Restore r -> SafeFiles.restore(root, r.path(), r.bytes(), r.executable());
                }
                done = undo instanceof Remove ? "removed" : "restored";
            } catch (IOException | RuntimeException e) {
                done = "left: could not undo it (" + e.getClass().getSimpleName() + ")";
            }
            findings.add(new Finding(undo.path(), undo.what(), done));
        }
        return findings;
    }

    /** What to undo: pure, from the two fingerprints. */
    static List<Undo> decide(Watched before, Watched after, Set<String> lifted) {
        List<Undo> out = new ArrayList<>();
        Set<String> removed = new HashSet<>();
        for (Map.Entry<String, Watched.Entry> e : after.entries().entrySet()) {
            String path = e.getKey();
            Watched.Entry now = e.getValue();
            Optional<Watched.Entry> was = Optional.ofNullable(before.entries().get(path));
            if (was.isPresent() && was.get().sameAs(now) || covered(path, lifted) || under(path, removed)) {
                continue;
            }
            Optional<Undo> undo = switch (now.role()) {
                case GIT_DIR -> now.type() == Watched.Type.DIRECTORY ? Optional.empty() : Optional.of(remove(path, "a .git that is not a folder"));
                case GIT_LINK -> Optional.of(remove(path, "a .git that is a symbolic link"));
                case GIT_FILE -> gitfile(path, now, was);
                case CONFIG -> config(path, now, was);
                case REDIRECT -> redirect(path, now, was);
                case HOOK -> hook(path, now, was);
                case HOST_TOOL -> was.isPresent() ? Optional.empty() : Optional.of(remove(path, "a file host tools load, created by the command"));
            };
            undo.ifPresent(u -> {
                out.add(u);
                if (u instanceof Remove) {
                    removed.add(path);
                }
            });
        }
        return out;
    }

    private static Optional<Undo> config(String path, Watched.Entry now, Optional<Watched.Entry> was) {
        if (now.type() != Watched.Type.FILE) {
            return now.type() == Watched.Type.DIRECTORY ? Optional.empty() : Optional.of(undo(path, "a git config that is not a file", was, false));
        }
        if (now.bytes().isEmpty()) {
            return Optional.of(undo(path, "a git config too large to check", was, false));
        }
        List<String> danger;
        try {
            danger = dangerous(now.bytes().get());
        } catch (GitConfig.Malformed m) {
            return Optional.of(undo(path, "a git config Airlock cannot read (" + m.getMessage() + ")", was, false));
        }
        List<String> before = was.flatMap(Watched.Entry::bytes).map(b -> {
            try {
                return dangerous(b);
            } catch (GitConfig.Malformed m) {
                return List.<String>of();
            }
        }).orElse(List.of());
        List<String> added = danger.stream().filter(d -> !before.contains(d)).map(d -> d.substring(0, d.indexOf('\0'))).distinct().toList();
        if (added.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(undo(path, "git config that runs programs: " + String.join(", ", added), was, false));
    }

    /** {@code key NUL value} for every variable that runs something; the key alone is what people are told. */
    private static List<String> dangerous(byte[] bytes) throws GitConfig.Malformed {
        List<String> out = new ArrayList<>();
        for (GitConfig.Entry entry : GitConfig.parse(new String(bytes, StandardCharsets.UTF_8))) {
            if (RunsPrograms.why(entry).isPresent()) {
                out.add(entry.key() + "\0" + entry.value().orElse(""));
            }
        }
        return out;
    }

    private static Optional<Undo> gitfile(String path, Watched.Entry now, Optional<Watched.Entry> was) {
        String target = now.bytes().map(b -> new String(b, StandardCharsets.UTF_8).strip()).orElse("");
        if (!target.startsWith("gitdir:")) {
            return Optional.of(undo(path, "a .git file that is not a gitfile", was, false));
        }
        String dir = target.substring("gitdir:".length()).strip();
        Path base = Path.of(path).getParent() == null ? Path.of("") : Path.of(path).getParent();
        if (dir.startsWith("/") || !inside(base.resolve(dir).normalize()) || !base.resolve(dir).normalize().toString().contains(".git/")) {
            return Optional.of(undo(path, "a .git file that points git outside the workspace's repositories", was, false));
        }
        return Optional.empty();
    }

    private static Optional<Undo> redirect(String path, Watched.Entry now, Optional<Watched.Entry> was) {
        String name = Path.of(path).getFileName().toString();
        if (name.equals("gitdir")) {
            return Optional.empty(); // where a worktree's checkout is, for pruning: git runs nothing from it
        }
        if (name.equals("alternates")) {
            return Optional.of(undo(path, "objects/info/alternates points git at another repository's objects", was, false));
        }
        // commondir: only a worktree's, pointing back to its own repository (git worktree add writes ../..)
        Path p = Path.of(path);
        boolean inWorktree = p.getNameCount() >= 3 && p.getName(p.getNameCount() - 3).toString().equals("worktrees");
        String value = now.bytes().map(b -> new String(b, StandardCharsets.UTF_8).strip()).orElse("");
        if (inWorktree && now.type() == Watched.Type.FILE && value.equals("../..")) {
            return Optional.empty();
        }
        return Optional.of(undo(path, "a commondir that sends git to another repository folder", was, false));
    }

    private static Optional<Undo> hook(String path, Watched.Entry now, Optional<Watched.Entry> was) {
        if (Path.of(path).getFileName().toString().equals("hooks")) {
            return now.type() == Watched.Type.DIRECTORY ? Optional.empty() : Optional.of(undo(path, "a hooks folder that is not a folder", was, false));
        }
        return Optional.of(undo(path, was.isPresent() ? "a git hook the command changed" : "a git hook the command created", was, true));
    }

    /** Back to what it was when its bytes were kept, else removed. */
    private static Undo undo(String path, String what, Optional<Watched.Entry> was, boolean executable) {
        if (was.isPresent() && was.get().type() == Watched.Type.FILE && was.get().bytes().isPresent()) {
            return new Restore(path, what, was.get().bytes().get(), executable);
        }
        return remove(path, what);
    }

    private static Remove remove(String path, String what) {
        return new Remove(path, what);
    }

    private static boolean inside(Path normalized) {
        return !normalized.isAbsolute() && !normalized.toString().startsWith("..");
    }

    private static boolean covered(String path, Set<String> lifted) {
        for (String l : lifted) {
            String s = l.endsWith("/") ? l.substring(0, l.length() - 1) : l;
            if (path.equals(s) || path.startsWith(s + "/") || s.startsWith(path + "/")) {
                return true;
            }
        }
        return false;
    }

    private static boolean under(String path, Set<String> removed) {
        return removed.stream().anyMatch(r -> path.startsWith(r + "/"));
    }
}
