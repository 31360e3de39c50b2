package dev.airlock.profile;

import java.util.List;
import java.util.Objects;

/**
 * A permission mode a user picks for a task: the profile commands run in by default and the stronger
 * profiles a command may be escalated to (with approval).
 *
 * @param name        {@code read-only}, {@code default}, {@code auto-review}, {@code full-access}, or a user's own
 * @param description one line for people
 * @param profile     the base profile
 * @param escalateTo  profiles a command may be escalated to, weakest first
 */
public record Mode(String name, String description, String profile, List<String> escalateTo) {

    public Mode {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Objects.requireNonNull(profile);
        escalateTo = List.copyOf(escalateTo);
    }
}
