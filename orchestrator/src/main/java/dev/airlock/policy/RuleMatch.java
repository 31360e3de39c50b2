package dev.airlock.policy;

import dev.airlock.assess.Part;
import dev.airlock.assess.Reason;
import dev.airlock.egress.HostNames;
import dev.airlock.profile.Rule;
import dev.airlock.profile.RuleAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a rule matches one command part (and the domains the whole command needs). A rule matches what the
 * part does, as the assessment found it: its program and subcommand, its effects, the paths it deletes. The
 * words as typed count only for a prefix rule without effects, as before.
 */
final class RuleMatch {

    /** Where the workspace is inside the sandbox; the assessment names paths in it relative to it. */
    private static final String WORKSPACE = "/workspace";

    private RuleMatch() {
    }

    static boolean prefix(Rule rule, Part part) {
        if (startsWith(part.argv(), rule.prefix(), true)) {
            return true;
        }
        // deny and ask rules also match the program and subcommand the assessment found (git -C x push -f is a push)
        return rule.action() != RuleAction.ALLOW && !part.prefix().isEmpty() && startsWith(part.prefix(), rule.prefix(), false);
    }

    private static boolean startsWith(List<String> words, List<String> prefix, boolean basenameFirst) {
        if (prefix.size() > words.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            String word = i == 0 && basenameFirst ? basename(words.get(0)) : words.get(i);
            if (!word.equals(prefix.get(i))) {
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
        if (!rule.effects().isEmpty() && part.reasons().stream().noneMatch(r -> rule.effects().contains(r.what()))) {
            return false;
        }
        if (!rule.deletes().isEmpty() && part.reasons().stream().noneMatch(r -> deletesOneOf(r, rule.deletes()))) {
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

    /** Whether a reason deletes one of {@code targets}: the path itself, a folder holding it, or all in one. */
    static boolean deletesOneOf(Reason reason, List<String> targets) {
        if (!reason.what().equals("deletes")) {
            return false;
        }
        String path = sandboxPath(reason.detail());
        for (String target : targets) {
            if (covers(path, target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether deleting {@code deleted} (normalised, maybe ending in a glob) deletes {@code target}: the same
     * path or an ancestor, or a glob over the target's folder or an ancestor ({@code /*}, {@code /workspace/**}).
     */
    static boolean covers(String deleted, String target) {
        int slash = deleted.lastIndexOf('/');
        String last = deleted.substring(slash + 1);
        if (!(last.contains("*") || last.contains("?") || last.contains("["))) {
            return deleted.equals(target) || deleted.equals("/") || target.startsWith(deleted + "/");
        }
        String base = slash <= 0 ? "/" : deleted.substring(0, slash);
        if (base.equals(target)) {
            return last.equals("*") || last.equals("**"); // everything in it
        }
        String under = base.equals("/") ? "/" : base + "/";
        if (!target.startsWith(under)) {
            return false;
        }
        String next = target.substring(under.length()).split("/")[0];
        return java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + last).matches(java.nio.file.Path.of(next));
    }

    /**
     * The assessment's words for a deleted path as an absolute, normalised path in the sandbox: absolute paths
     * as written, anything else relative to the workspace (that is how the assessment names them).
     */
    static String sandboxPath(String detail) {
        String path = detail.startsWith("/") ? detail : WORKSPACE + "/" + detail;
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
                continue;
            }
            parts.add(p);
        }
        return "/" + String.join("/", parts);
    }

    private static String basename(String program) {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? program : program.substring(slash + 1);
    }
}
