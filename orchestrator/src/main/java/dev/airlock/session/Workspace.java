package dev.airlock.session;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host folder a task works on, resolved to its real path (symlinks followed once, here). */
public record Workspace(Path root) {

    public Workspace {
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("workspace must be absolute: " + root);
        }
    }

    /** A short stable name for the folder, for state kept per workspace (checkpoint store, tool caches). */
    public String key() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Resolves and checks the folder; a missing one is refused with what to do. */
    public static Workspace open(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw AirlockException.usage("workspace " + absolute + " is not a folder that exists",
                    "pass --workspace DIR with an existing folder, or cd into the task's folder");
        }
        try {
            return new Workspace(absolute.toRealPath());
        } catch (IOException e) {
            throw AirlockException.failure("cannot open workspace " + absolute + ": " + e.getMessage(),
                    "check the folder's permissions");
        }
    }
}
