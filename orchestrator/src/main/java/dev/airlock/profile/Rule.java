package dev.airlock.profile;

import dev.airlock.assess.Tier;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One policy rule, like an exec-policy rule of a coding agent: what it matches (a command prefix, a tier,
 * domains, effects, paths it deletes; all given must match) and what it says. A rule with no {@code modes}
 * applies in every mode. Effects and deleted paths are what the assessment found the command does, so any
 * spelling it understands ({@code rm -fr /}, {@code rm -r -f -- /}, {@code find / -delete}) meets the rule.
 *
 * @param id      a name people see when the rule decides
 * @param action  allow, ask or deny
 * @param prefix  words a command part must start with, e.g. {@code [git, push, --force]}; empty matches any
 * @param tier    the part's tier must be at least this; empty matches any
 * @param domains domain patterns ({@code example.com}, {@code *.example.com}); every domain the command needs
 *                must match one. Empty: no condition
 * @param effects  kinds of effect of which the part must have one, as the assessment names them
 *                 ({@code rewrites-history}, {@code reads-secret}, {@code deletes}); empty: no condition
 * @param deletes  absolute paths in the sandbox ({@code /}, {@code /workspace}): the part must delete one of
 *                 them, a folder holding one, or everything in one; empty: no condition
 * @param modes    the modes it applies in; empty means all
 * @param message  said when the rule decides
 * @param examples commands it must and must not match, checked when the rules load
 * @param source   the file it came from
 */
public record Rule(String id, RuleAction action, List<String> prefix, Optional<Tier> tier, List<String> domains,
                   List<String> effects, List<String> deletes, List<String> modes, String message, Examples examples,
                   String source) {

    /** Command lines the rule must match, and ones it must not: its own test, run at load time. */
    public record Examples(List<String> match, List<String> noMatch) {
        public static final Examples NONE = new Examples(List.of(), List.of());

        public Examples {
            match = List.copyOf(match);
            noMatch = List.copyOf(noMatch);
        }
    }

    public Rule {
        Objects.requireNonNull(id);
        Objects.requireNonNull(action);
        prefix = List.copyOf(prefix);
        Objects.requireNonNull(tier);
        domains = List.copyOf(domains);
        effects = List.copyOf(effects);
        deletes = List.copyOf(deletes);
        modes = List.copyOf(modes);
        Objects.requireNonNull(message);
        Objects.requireNonNull(examples);
        Objects.requireNonNull(source);
    }

    public boolean appliesIn(String mode) {
        return modes.isEmpty() || modes.contains(mode);
    }
}
