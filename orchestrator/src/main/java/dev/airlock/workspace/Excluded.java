package dev.airlock.workspace;

import java.util.Objects;

/**
 * A workspace path a checkpoint does not hold: its changes are neither listed nor rolled back.
 *
 * @param path   relative to the workspace, with a trailing {@code /} for a directory
 * @param reason why, for people: {@code excluded by rule node_modules/}, {@code git metadata of a nested repository}, ...
 */
public record Excluded(String path, String reason) {

    /** How the reason of a file left out for the checkpoint's byte budget begins. */
    public static final String OVER_BUDGET = "over the checkpoint budget";

    public Excluded {
        Objects.requireNonNull(path);
        Objects.requireNonNull(reason);
    }

    /** Whether it was left out for the byte budget (not by a rule): people are told, each time. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isOverBudget() {
        return reason.startsWith(OVER_BUDGET);
    }

    @Override
    public String toString() {
        return path + " (" + reason + ")";
    }
}
