package dev.airlock.runtime;

import java.util.Objects;

/**
 * A tmpfs mounted in the container, owned by {@code uid:gid} with the given octal mode.
 *
 * @param sizeBytes upper bound of its size; tmpfs memory counts against the container's memory limit
 */
public record Tmpfs(String containerPath, long sizeBytes, int uid, int gid, String mode) {

    public Tmpfs {
        Objects.requireNonNull(containerPath);
        Objects.requireNonNull(mode);
        if (!mode.matches("[0-7]{3,4}")) {
            throw new IllegalArgumentException("tmpfs mode must be octal: " + mode);
        }
    }

    /**
     * The engine's option string, e.g. {@code rw,exec,nosuid,nodev,size=67108864,uid=1000,gid=1000,mode=1777}.
     * {@code exec} is explicit because the engine's default is noexec, and build tools run what they put in /tmp.
     */
    public String options() {
        return "rw,exec,nosuid,nodev,size=" + sizeBytes + ",uid=" + uid + ",gid=" + gid + ",mode=" + mode;
    }
}
