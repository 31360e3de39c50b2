package dev.airlock.runtime;

import java.nio.file.Path;
import java.util.Objects;

/** A bind mount of a host path into the container. */
public record Mount(Path hostPath, String containerPath, boolean readOnly) {

    public Mount {
        Objects.requireNonNull(hostPath);
        Objects.requireNonNull(containerPath);
        if (!hostPath.isAbsolute() || !containerPath.startsWith("/")) {
            throw new IllegalArgumentException("mount paths must be absolute: " + hostPath + " -> " + containerPath);
        }
    }
}
