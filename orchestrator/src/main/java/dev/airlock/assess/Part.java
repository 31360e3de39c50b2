package dev.airlock.assess;

import java.util.List;
import java.util.Objects;

/**
 * One simple command of a command line ({@code a && b | c} has three), assessed on its own. Grants and
 * rules match parts: a compound command whose every part is covered asks nothing.
 *
 * @param argv    the words of the simple command after expansion Airlock can see (assignments, sudo, env removed)
 * @param prefix  the program and, where it has them, its subcommand: {@code [git, push]}, {@code [npm, install]}, {@code [ls]}
 * @param tier    the highest tier of its reasons ({@code READ} when none)
 * @param reasons what it does
 */
public record Part(List<String> argv, List<String> prefix, Tier tier, List<Reason> reasons) {

    public Part {
        argv = List.copyOf(argv);
        prefix = List.copyOf(prefix);
        Objects.requireNonNull(tier);
        reasons = List.copyOf(reasons);
    }
}
