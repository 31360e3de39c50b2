package dev.airlock.profile;

/** How a profile mounts the workspace. JSON names: {@code read-only}, {@code read-write}. */
public enum WorkspaceAccess {
    READ_ONLY,
    READ_WRITE;

    public boolean writable() {
        return this == READ_WRITE;
    }
}
