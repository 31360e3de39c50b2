package dev.airlock.profile;

import java.util.List;
import java.util.Objects;

/**
 * A permission mode a user picks for a task: the profile commands run in by default, the stronger profiles
 * a command may be escalated to (with approval), what it asks about even without escalation, and whether
 * the auto-review rules answer before a person.
 *
 * @param name        {@code read-only}, {@code default}, {@code auto-review}, {@code full-access}, or a user's own
 * @param description one line for people
 * @param profile     the base profile
 * @param escalateTo  profiles a command may be escalated to, weakest first
 * @param ask         what is asked about even when the base profile covers the command
 * @param autoReview  whether {@code allow} rules of this mode approve escalations before a person is asked
 */
public record Mode(String name, String description, String profile, List<String> escalateTo, List<Ask> ask,
                   boolean autoReview) {

    public Mode {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Objects.requireNonNull(profile);
        escalateTo = List.copyOf(escalateTo);
        ask = List.copyOf(ask);
    }
}
