package dev.airlock.profile;

import dev.airlock.assess.Tier;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One policy rule, like an exec-policy rule of a coding agent: what it matches (a command prefix, a tier,
 * domains; all given must match) and what it says. A rule with no {@code modes} applies in every mode.
 *
 * @param id      a name people see when the rule decides
 * @param action  allow, ask or deny
 * @param prefix  words a command part must start with, e.g. {@code [git, push, --force]}; empty matches any
 * @param tier    the part's tier must be at least this; empty matches any
 * @param domains domain patterns ({@code example.com}, {@code *.example.com}); every domain the command needs
 *                must match one. Empty: no condition
 * @param modes   the modes it applies in; empty means all
 * @param message said when the rule decides
 * @param source  the file it came from
 */
public record Rule(String id, RuleAction action, List<String> prefix, Optional<Tier> tier, List<String> domains,
                   List<String> modes, String message, String source) {

    public Rule {
        Objects.requireNonNull(id);
        Objects.requireNonNull(action);
        prefix = List.copyOf(prefix);
        Objects.requireNonNull(tier);
        domains = List.copyOf(domains);
        modes = List.copyOf(modes);
        Objects.requireNonNull(message);
        Objects.requireNonNull(source);
    }

    public boolean appliesIn(String mode) {
        return modes.isEmpty() || modes.contains(mode);
    }
}
