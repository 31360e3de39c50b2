package dev.airlock.workspace;

import java.util.Objects;

/**
 * A workspace path a checkpoint does not hold: its changes are neither listed nor rolled back.
 *
 * @param path   relative to the workspace, with a trailing {@code /} for a directory
 * @param reason why, for people: {@code excluded by rule node_modules/}, {@code git metadata of a nested repository}, ...
 */
public record Excluded(String path, String reason) {

    public Excluded {
        Objects.requireNonNull(path);
        Objects.requireNonNull(reason);
    }

    @Override
    public String toString() {
        return path + " (" + reason + ")";
    }
}
