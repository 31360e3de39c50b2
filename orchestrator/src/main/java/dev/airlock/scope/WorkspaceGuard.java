package dev.airlock.scope;

import dev.airlock.AirlockException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Refuses folders that are far too broad to be a task's workspace: {@code /}, a home folder itself or any
 * folder above one, and system folders. The smallest folder the task needs is the boundary.
 */
public final class WorkspaceGuard {

    /** System trees: refused, and so is every folder inside them. */
    static final List<String> SYSTEM_TREES = List.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32",
            "/proc", "/run", "/sbin", "/sys", "/usr", "/var");
    /** Shared top folders: refused themselves; a project inside them is fine. */
    static final List<String> SHARED_TOPS = List.of("/home", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp");

    private WorkspaceGuard() {
    }

    /** Why the folder is refused, or empty when it may be a workspace. */
    public static Optional<String> problem(Path workspace, List<Path> homes) {
        Path w = workspace.toAbsolutePath().normalize();
        if (w.getParent() == null) {
            return Optional.of("it is the root of the filesystem");
        }
        for (Path home : homes) {
            Path h = home.toAbsolutePath().normalize();
            if (h.startsWith(w)) {
                return Optional.of(h.equals(w) ? "it is a home folder (" + h + ")" : "it holds the home folder " + h);
            }
        }
        for (String tree : SYSTEM_TREES) {
            if (w.startsWith(tree)) {
                return Optional.of(w.equals(Path.of(tree)) ? "it is the system folder " + tree : "it is inside the system folder " + tree);
            }
        }
        if (SHARED_TOPS.contains(w.toString())) {
            return Optional.of("it is the shared folder " + w + ", not one project");
        }
        return Optional.empty();
    }

    /** Throws a usage error that says why and how to override, unless the folder is allowed or overridden. */
    public static void check(Path workspace, List<Path> homes, boolean overridden) {
        if (overridden) {
            return;
        }
        problem(workspace, homes).ifPresent(why -> {
            throw AirlockException.usage("refusing " + workspace + " as a workspace: " + why,
                    "pass the smallest folder the task needs (e.g. the project's folder); "
                            + "--allow-broad-workspace overrides this if you really mean it");
        });
    }
}
