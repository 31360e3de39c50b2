package dev.airlock.profile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether one profile or mode gives no more than another: the rule a workspace's own {@code .airlock/}
 * layer must keep, since the sandbox itself may have written it. Every field that grants something is
 * compared ({@link #PROFILE_FIELDS}, {@link #MODE_FIELDS}); returns what widens, as (field, problem).
 */
final class Narrowing {

    record Violation(String field, String problem) {
    }

    /** The profile fields compared here; the rest ({@code name}, {@code description}) grant nothing. */
    static final Set<String> PROFILE_FIELDS = Set.of("image", "ociRuntime", "workspace", "network", "domains", "capabilities",
            "limits", "env", "maskedPaths", "protectedPaths", "pinnedPaths", "hostToolPaths", "caches", "privateRanges");
    /** The mode fields compared here. */
    static final Set<String> MODE_FIELDS = Set.of("profile", "escalateTo", "ask", "autoReview");

    private Narrowing() {
    }

    static List<Violation> profile(Profile before, Profile after) {
        List<Violation> out = new ArrayList<>();
        if (after.workspace().writable() && !before.workspace().writable()) {
            out.add(new Violation("workspace", "\"read-write\" is wider than \"read-only\""));
        }
        if (after.network().compareTo(before.network()) > 0) {
            out.add(new Violation("network", "\"" + ConfigReader.jsonName(after.network()) + "\" is wider than \""
                    + ConfigReader.jsonName(before.network()) + "\""));
        }
        subset(out, "domains", before.domains(), after.domains());
        subset(out, "capabilities", before.capabilities(), after.capabilities());
        subset(out, "env", before.env(), after.env());
        subset(out, "caches", before.caches(), after.caches());
        subset(out, "privateRanges", before.privateRanges(), after.privateRanges());
        superset(out, "maskedPaths", before.maskedPaths(), after.maskedPaths());
        superset(out, "protectedPaths", before.protectedPaths(), after.protectedPaths());
        superset(out, "pinnedPaths", before.pinnedPaths(), after.pinnedPaths());
        superset(out, "hostToolPaths", before.hostToolPaths(), after.hostToolPaths());
        if (!after.image().equals(before.image())) {
            out.add(new Violation("image", "a workspace may not change the image"));
        }
        if (!after.ociRuntime().equals(before.ociRuntime()) && !after.ociRuntime().equals(Optional.of("runsc"))) {
            out.add(new Violation("runtime", "a workspace may only switch to the stronger \"runsc\" runtime"));
        }
        Limits b = before.limits();
        Limits a = after.limits();
        notAbove(out, "limits.cpus", a.cpus(), b.cpus());
        notAbove(out, "limits.memory", a.memoryBytes(), b.memoryBytes());
        notAbove(out, "limits.pids", a.pids(), b.pids());
        notAbove(out, "limits.timeout", a.timeout().toMillis(), b.timeout().toMillis());
        notAbove(out, "limits.output", a.outputBytes(), b.outputBytes());
        return out;
    }

    /**
     * A mode narrows when its base profile is no wider than the one it replaces in any field, it reaches no
     * profile it could not reach before, asks about no less, and does not turn auto-review on.
     */
    static List<Violation> mode(Mode before, Mode after, Catalog catalog) {
        List<Violation> out = new ArrayList<>();
        if (!after.profile().equals(before.profile())) {
            List<Violation> wider = profile(catalog.profile(before.profile()), catalog.profile(after.profile()));
            if (!wider.isEmpty()) {
                out.add(new Violation("profile", "\"" + after.profile() + "\" is wider than \"" + before.profile() + "\" in "
                        + wider.stream().map(v -> v.field() + " (" + v.problem() + ")").collect(Collectors.joining("; "))));
            }
        }
        subset(out, "escalateTo", before.escalateTo(), after.escalateTo());
        superset(out, "ask", before.ask().stream().map(ConfigReader::jsonName).toList(),
                after.ask().stream().map(ConfigReader::jsonName).toList());
        if (after.autoReview() && !before.autoReview()) {
            out.add(new Violation("autoReview", "turns on auto-review, which approves without a person"));
        }
        return out;
    }

    /** Names where the added entries are, not what they say: an error message quotes no file's content. */
    private static void subset(List<Violation> out, String field, List<String> before, List<String> after) {
        Set<String> allowed = new HashSet<>(before);
        List<String> at = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            if (!allowed.contains(after.get(i))) {
                at.add("[" + i + "]");
            }
        }
        if (!at.isEmpty()) {
            out.add(new Violation(field, "adds " + count(at.size()) + " (at " + String.join(", ", at)
                    + ") the layers below do not have; a workspace may only remove entries"));
        }
    }

    private static void superset(List<Violation> out, String field, List<String> before, List<String> after) {
        Set<String> kept = new HashSet<>(after);
        long removed = before.stream().filter(b -> !kept.contains(b)).count();
        if (removed > 0) {
            out.add(new Violation(field, "removes " + count(removed) + " the layers below set; a workspace may only add entries"));
        }
    }

    private static String count(long n) {
        return n == 1 ? "1 entry" : n + " entries";
    }

    private static void notAbove(List<Violation> out, String field, double after, double before) {
        if (after > before) {
            out.add(new Violation(field, "raises the limit above " + (before == Math.rint(before) ? Long.toString((long) before) : before)));
        }
    }
}
