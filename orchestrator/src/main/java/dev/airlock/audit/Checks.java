package dev.airlock.audit;

import dev.airlock.audit.AuditEvent.FileChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** "What to check before accepting the work": derived from a report's facts, most important first. */
final class Checks {

    private static final int NAMED = 5;

    private Checks() {
    }

    static List<String> derive(Report r) {
        List<String> checks = new ArrayList<>();
        FileChanges changed = r.changed();
        if (changed.size() > 0) {
            checks.add("Review the diff of " + the(changed.size(), "changed file") + " (" + changed.added().size()
                    + " added, " + changed.modified().size() + " modified, " + changed.deleted().size()
                    + " deleted): airlock diff --session " + r.session());
        }
        if (!changed.deleted().isEmpty()) {
            checks.add("Make sure " + the(changed.deleted().size(), "deletion") + " " + were(changed.deleted().size())
                    + " intended: "
                    + named(changed.deleted()));
        }
        List<String> destructive = flaggedIds(r, why -> why.startsWith("destructive"), true);
        if (!destructive.isEmpty()) {
            checks.add("Look at what " + the(destructive.size(), "destructive command") + " did: " + named(destructive));
        }
        if (!r.refused().isEmpty()) {
            checks.add(count(r.refused().size(), "command") + " did not run because the escalation was refused ("
                    + named(r.refused().stream().map(Report.Refusal::id).toList())
                    + "): the work may be incomplete; approve it or do that step yourself");
        }
        List<String> failed = r.ran().stream().filter(c -> c.exitCode() != 0 && !c.timedOut() && !c.oomKilled())
                .map(c -> c.id() + " (exit " + c.exitCode() + ")").toList();
        if (!failed.isEmpty()) {
            checks.add("Look at " + the(failed.size(), "command") + " that exited non-zero: " + named(failed));
        }
        List<String> unfinished = r.ran().stream().filter(c -> c.timedOut() || c.oomKilled()).map(Report.Ran::id).toList();
        if (!unfinished.isEmpty()) {
            checks.add(count(unfinished.size(), "command") + " did not finish (time or memory limit): "
                    + named(unfinished) + "; what they changed may be half done");
        }
        List<String> reached = hosts(r, true);
        if (!reached.isEmpty()) {
            checks.add("Check that " + the(reached.size(), "destination") + " contacted " + were(reached.size())
                    + " expected: " + named(reached));
        }
        List<String> blocked = hosts(r, false);
        if (!blocked.isEmpty()) {
            checks.add(count(blocked.size(), "destination") + " " + were(blocked.size()) + " refused (" + named(blocked)
                    + "): if the work needed " + (blocked.size() == 1 ? "it" : "them") + ", it may be incomplete");
        }
        List<String> approved = r.escalations().stream().filter(a -> a.outcome().equals("approved"))
                .map(Report.Answer::commandId).toList();
        if (!approved.isEmpty()) {
            checks.add(count(approved.size(), "escalation") + " " + were(approved.size()) + " approved (" + named(approved)
                    + "): make sure each was needed");
        }
        List<String> opaque = flaggedIds(r, why -> why.startsWith("opaque"), false);
        if (!opaque.isEmpty()) {
            checks.add("Read the output of " + the(opaque.size(), "opaque command") + ", whose effects Airlock"
                    + " could not see in advance: " + named(opaque));
        }
        if (!r.excluded().isEmpty() || !r.excludeRules().isEmpty()) {
            List<String> paths = r.excluded().isEmpty() ? r.excludeRules() : r.excluded();
            checks.add("Changes under excluded paths are not in the diff and a rollback does not undo them: "
                    + named(paths) + "; look at them yourself");
        }
        if (!r.rollbacks().isEmpty()) {
            checks.add("The workspace was rolled back " + times(r.rollbacks().size()) + ": check it is in the state you expect");
        }
        if (changed.size() > 0) {
            checks.add("Run the tests and the build yourself before accepting the changes");
        }
        r.branch().filter(b -> !b.discarded() && !b.commits().isEmpty()).ifPresent(b -> checks.add(b.applied().isPresent()
                ? "The branch " + b.name() + " is in " + b.repository() + ": merge it (git merge " + b.name() + ") or drop it (airlock discard --session "
                        + r.session() + ")"
                : "The work is on the branch " + b.name() + ", not in your checkout: airlock apply --session " + r.session()
                        + " brings it into " + b.repository() + ", airlock discard --session " + r.session() + " drops it"));
        if (!r.warnings().isEmpty()) {
            checks.add("The audit log has " + count(r.warnings().size(), "damaged line") + " that "
                    + were(r.warnings().size()) + " skipped: this report may miss events");
        }
        if (r.ended().isEmpty()) {
            checks.add("The session has no end event (still running, or Airlock was stopped): later events may be missing");
        }
        if (checks.isEmpty()) {
            checks.add("Nothing changed in the workspace, nothing was refused and nothing reached the network");
        }
        return List.copyOf(checks);
    }

    private static List<String> flaggedIds(Report r, Predicate<String> why, boolean ranOnly) {
        return r.flagged().stream()
                .filter(f -> f.why().stream().anyMatch(why))
                .map(Report.Flag::commandId)
                .filter(id -> !ranOnly || r.ran().stream().anyMatch(c -> c.id().equals(id)))
                .toList();
    }

    private static List<String> hosts(Report r, boolean allowed) {
        return r.destinations().stream().filter(d -> d.allowed() == allowed).map(d -> d.host() + ":" + d.port())
                .distinct().toList();
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** "the file" or "the 3 files". */
    private static String the(int n, String noun) {
        return n == 1 ? "the " + noun : "the " + n + " " + noun + "s";
    }

    private static String were(int n) {
        return n == 1 ? "was" : "were";
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    private static String named(List<String> items) {
        String shown = items.stream().limit(NAMED).collect(Collectors.joining(", "));
        return items.size() > NAMED ? shown + " and " + (items.size() - NAMED) + " more" : shown;
    }
}
