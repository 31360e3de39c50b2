package dev.airlock.scope;

import dev.airlock.AirlockException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Refuses folders that are far too broad to be a task's workspace: {@code /}, a home folder itself or any
 * folder above one, and system folders. The smallest folder the task needs is the boundary. Never a
 * workspace, whatever the override: Airlock's own state and configuration folders and the credential
 * folders of a home, nor any folder inside or holding one (a sandbox would write them).
 */
public final class WorkspaceGuard {

    /** System trees: refused, and so is every folder inside them. */
    static final List<String> SYSTEM_TREES = List.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32",
            "/proc", "/run", "/sbin", "/sys", "/usr", "/var");
    /** Shared top folders: refused themselves; a project inside them is fine. */
    static final List<String> SHARED_TOPS = List.of("/home", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp");

    /** Credential folders of a home, relative to it: never a workspace, nor inside one that is. */
    static final List<String> CREDENTIALS = List.of(".ssh", ".gnupg", ".aws", ".azure", ".kube", ".docker",
            ".config/gcloud", ".config/gh", ".config/hub", ".config/op", ".config/rclone", ".config/containers",
            ".password-store", ".local/share/keyrings", ".terraform.d", ".oci", ".pki", ".m2", ".gradle", ".cargo", ".npm",
            ".vault.d", ".config/airlock", ".local/state/airlock");

    /**
     * A folder that may never be, hold or lie inside a workspace.
     *
     * @param what what it is, for the message: {@code "Airlock's state folder"}, {@code "a credential folder"}
     */
    public record Sensitive(Path path, String what) {
    }

    private WorkspaceGuard() {
    }

    /** The credential folders of these homes, then Airlock's own folders given. */
    public static List<Sensitive> sensitive(List<Path> homes, List<Sensitive> airlock) {
        List<Sensitive> out = new java.util.ArrayList<>(airlock);
        for (Path home : homes) {
            for (String c : CREDENTIALS) {
                out.add(new Sensitive(home.resolve(c), "a credential folder"));
            }
        }
        return out;
    }

    /** Why the folder may never be a workspace (no override), or empty. */
    public static Optional<String> forbidden(Path workspace, List<Sensitive> sensitive) {
        List<Path> spellings = spellings(workspace);
        for (Sensitive s : sensitive) {
            for (Path p : spellings(s.path())) {
                for (Path w : spellings) {
                    if (w.equals(p)) {
                        return Optional.of("it is " + s.what() + " (" + s.path() + ")");
                    }
                    if (w.startsWith(p)) {
                        return Optional.of("it is inside " + s.what() + " (" + s.path() + ")");
                    }
                    if (p.startsWith(w)) {
                        return Optional.of("it holds " + s.what() + " (" + s.path() + ")");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A path as written and, when it exists, as the filesystem resolves it. */
    private static List<Path> spellings(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            Path real = absolute.toRealPath();
            return real.equals(absolute) ? List.of(absolute) : List.of(absolute, real);
        } catch (java.io.IOException | SecurityException e) {
            return List.of(absolute);
        }
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

    /**
     * Throws a usage error that says why: always for a folder {@link #forbidden}, and for one too broad unless
     * overridden.
     */
    public static void check(Path workspace, List<Path> homes, List<Sensitive> airlock, boolean overridden) {
        check(workspace, homes, overridden); // "too broad" says more about / or a home than what it holds
        forbidden(workspace, sensitive(homes, airlock)).ifPresent(why -> {
            throw AirlockException.usage("refusing " + workspace + " as a workspace: " + why,
                    "a sandbox may write its workspace: pass the project's own folder, one that holds no credentials and "
                            + "none of Airlock's state or configuration (no flag overrides this)");
        });
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
