package dev.airlock.runtime;

import java.util.Objects;

/**
 * A tmpfs mounted in the container, owned by {@code uid:gid} with the given octal mode.
 *
 * @param sizeBytes upper bound of its size; tmpfs memory counts against the container's memory limit
 * @param exec      whether programs may run from it
 */
public record Tmpfs(String containerPath, long sizeBytes, int uid, int gid, String mode, boolean exec) {

    /** Where POSIX shared memory and semaphores live. */
    public static final String SHM = "/dev/shm";

    public Tmpfs {
        Objects.requireNonNull(containerPath);
        Objects.requireNonNull(mode);
        if (!mode.matches("[0-7]{3,4}")) {
            throw new IllegalArgumentException("tmpfs mode must be octal: " + mode);
        }
    }

    /** A tmpfs programs may run from ({@code /tmp}, the home): build tools run what they put there. */
    public Tmpfs(String containerPath, long sizeBytes, int uid, int gid, String mode) {
        this(containerPath, sizeBytes, uid, gid, mode, true);
    }

    /** {@code /dev/shm} of the given size, for everyone (sticky), never executable. */
    public static Tmpfs shm(long sizeBytes) {
        return new Tmpfs(SHM, sizeBytes, 0, 0, "1777", false);
    }

    /**
     * The engine's option string, e.g. {@code rw,exec,nosuid,nodev,size=67108864,uid=1000,gid=1000,mode=1777}.
     * {@code exec} is explicit because the engine's default is noexec.
     */
    public String options() {
        return "rw," + (exec ? "exec" : "noexec") + ",nosuid,nodev,size=" + sizeBytes + ",uid=" + uid + ",gid=" + gid + ",mode=" + mode;
    }
}
