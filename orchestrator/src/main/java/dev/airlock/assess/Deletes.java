package dev.airlock.assess;

import dev.airlock.assess.Locations.Loc;
import java.util.Set;

/**
 * The rule of what a delete inside the workspace costs (README, "What is asked"): deleting build output and caches,
 * which tools make again and git ignores, and files git holds unchanged, which {@code git checkout} brings back,
 * is a write that {@code default} mode runs without a question; deleting anything else in the workspace (what
 * only this run's checkpoint could bring back, or nothing could) is destructive and asks.
 */
final class Deletes {

    /** Folder names tools make again: deleting them is how a build is cleaned. */
    static final Set<String> REGENERATED = Set.of("build", "dist", "out", "target", "node_modules", "__pycache__",
            ".pytest_cache", ".mypy_cache", ".ruff_cache", ".tox", ".nox", ".gradle", ".next", ".nuxt", ".parcel-cache",
            ".turbo", ".cache", "coverage", ".coverage", "htmlcov", ".eggs", ".terraform", "cmake-build-debug",
            "cmake-build-release", ".dart_tool", ".angular", ".svelte-kit", ".sass-cache", ".webpack", ".vite");

    /** File suffixes of compiler output. */
    private static final Set<String> OUTPUT_SUFFIXES = Set.of(".pyc", ".pyo", ".o", ".obj", ".class");

    private Deletes() {
    }

    /** Whether deleting {@code l} (inside the workspace) only removes what tools make again. */
    static boolean regenerated(Loc l) {
        String path = named(l);
        if (path == null || path.chars().anyMatch(c -> c == '*') && !path.matches(".*/?\\*\\.(pyc|pyo|o|obj|class)$")) {
            return false;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return REGENERATED.contains(name) || OUTPUT_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    /**
     * Whether git brings {@code l} back as it is: the host side found it (a file, or every file in a folder)
     * tracked and unchanged since staged, and says so in {@link Settings#restorable()}. Only an exact path counts.
     */
    static boolean restorable(Loc l, Settings settings) {
        return inGit(l, settings) || onBranch(l, settings);
    }

    /** Restorable by the workspace's own git: its index holds {@code l} unchanged. */
    static boolean inGit(Loc l, Settings settings) {
        return among(l, settings.restorable());
    }

    /** Restorable from a branch session's last commit, which holds {@code l} unchanged (the tree's index does not). */
    static boolean onBranch(Loc l, Settings settings) {
        return among(l, settings.onBranch());
    }

    /** Whether {@code l} names exactly one of {@code paths} (a pattern names none). */
    private static boolean among(Loc l, java.util.List<String> paths) {
        String path = named(l);
        return path != null && path.indexOf('*') < 0 && paths.contains(path);
    }

    /** The workspace path {@code l} names, without trailing slashes; null for what no fact may cover. */
    private static String named(Loc l) {
        if (l.secret() || l.gitInternal() || l.guarded() || l.display().equals(Arg.FROM_INPUT)) {
            return null;
        }
        String path = l.display().replaceAll("/+$", "");
        if (path.isEmpty() || path.equals(".") || path.contains("..") || path.chars().anyMatch(c -> "?[{$`".indexOf(c) >= 0)) {
            return null;
        }
        return path;
    }
}
