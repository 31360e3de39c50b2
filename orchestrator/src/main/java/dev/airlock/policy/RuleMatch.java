package dev.airlock.policy;

import dev.airlock.assess.Part;
import dev.airlock.egress.HostNames;
import dev.airlock.profile.Rule;
import java.util.List;

/** Whether a rule matches one command part (and the domains the whole command needs). */
final class RuleMatch {

    private RuleMatch() {
    }

    static boolean prefix(Rule rule, Part part) {
        List<String> words = part.argv();
        if (rule.prefix().size() > words.size()) {
            return false;
        }
        for (int i = 0; i < rule.prefix().size(); i++) {
            String word = i == 0 ? basename(words.get(0)) : words.get(i);
            if (!word.equals(rule.prefix().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Deny and ask rules match when any domain does; allow rules only when every domain does. */
    static boolean matches(Rule rule, Part part, List<String> domains) {
        if (!prefix(rule, part)) {
            return false;
        }
        if (rule.tier().isPresent() && !part.tier().atLeast(rule.tier().get())) {
            return false;
        }
        if (rule.domains().isEmpty()) {
            return true;
        }
        return switch (rule.action()) {
            case ALLOW -> domains.stream().allMatch(d -> allowed(rule, d));
            case ASK, DENY -> domains.stream().anyMatch(d -> allowed(rule, d));
        };
    }

    static boolean allowed(Rule rule, String domain) {
        return rule.domains().stream().anyMatch(p -> HostNames.matches(p, domain));
    }

    private static String basename(String program) {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? program : program.substring(slash + 1);
    }
}
