package dev.airlock.assess;

import dev.airlock.assess.Locations.Loc;
import java.util.Set;

/**
 * The rule of what a delete inside the workspace costs (README, "What is asked"): deleting build output and caches,
 * which tools make again and git ignores, is a write that {@code default} mode runs without a question; deleting
 * anything else in the workspace is destructive and asks (the checkpoint before it can restore it, but a person
 * decides whether it should go).
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
        if (l.secret() || l.gitInternal() || l.guarded() || l.display().equals(Arg.FROM_INPUT)) {
            return false;
        }
        String path = l.display().replaceAll("/+$", "");
        if (path.isEmpty() || path.equals(".") || path.contains("..") || path.chars().anyMatch(c -> "*?[{$`".indexOf(c) >= 0
                && !(c == '*' && path.matches(".*/?\\*\\.(pyc|pyo|o|obj|class)$")))) {
            return false;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return REGENERATED.contains(name) || OUTPUT_SUFFIXES.stream().anyMatch(name::endsWith);
    }
}
