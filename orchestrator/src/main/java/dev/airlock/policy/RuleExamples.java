package dev.airlock.policy;

import dev.airlock.assess.Assessment;
import dev.airlock.assess.Classifier;
import dev.airlock.assess.Reason;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.ProfileException;
import dev.airlock.profile.Rule;
import java.util.stream.Collectors;

/**
 * Checks each rule against the examples its file gives: every {@code match} command must meet the rule, no
 * {@code noMatch} command may. A rule that misses its own example would let that spelling through, so the
 * catalog does not load. Pure: the classifier only reads the command text.
 */
public final class RuleExamples {

    /** Rules whose examples held already: a rule is a value, and the server loads the same catalog often. */
    private static final java.util.Set<Rule> CHECKED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private RuleExamples() {
    }

    /** Throws naming the file, the rule and the example that does not behave as written. */
    public static void check(Catalog catalog, java.util.function.Supplier<Classifier> classifier) {
        for (Rule rule : catalog.rules()) {
            if (!CHECKED.contains(rule)) {
                check(rule, classifier.get());
                CHECKED.add(rule);
            }
        }
    }

    static void check(Rule rule, Classifier classifier) {
        for (int i = 0; i < rule.examples().match().size(); i++) {
            String example = rule.examples().match().get(i);
            Assessment a = classifier.assessLine(example);
            if (!matches(rule, a)) {
                throw new ProfileException(rule.source(), "rule \"" + rule.id() + "\" examples.match[" + i + "]",
                        "the rule does not match its own example `" + example + "` (the assessment sees: "
                                + seen(a) + "); change the rule so it matches, or the example");
            }
        }
        for (int i = 0; i < rule.examples().noMatch().size(); i++) {
            String example = rule.examples().noMatch().get(i);
            Assessment a = classifier.assessLine(example);
            if (matches(rule, a)) {
                throw new ProfileException(rule.source(), "rule \"" + rule.id() + "\" examples.noMatch[" + i + "]",
                        "the rule matches `" + example + "`, which it says it must not (the assessment sees: "
                                + seen(a) + ")");
            }
        }
    }

    static boolean matches(Rule rule, Assessment a) {
        return a.parts().stream().anyMatch(part -> RuleMatch.matches(rule, part, a.domains()));
    }

    private static String seen(Assessment a) {
        String reasons = a.reasons().stream().map(r -> r.what() + " " + r.detail()).collect(Collectors.joining("; "));
        return reasons.isEmpty() ? "nothing of note" : reasons;
    }
}
