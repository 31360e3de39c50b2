package dev.airlock.audit;

import dev.airlock.audit.AuditEvent.CheckpointTaken;
import dev.airlock.audit.AuditEvent.CommandRan;
import dev.airlock.audit.AuditEvent.CommandRefused;
import dev.airlock.audit.AuditEvent.Egress;
import dev.airlock.audit.AuditEvent.FileChanges;
import dev.airlock.audit.AuditEvent.Grant;
import dev.airlock.audit.AuditEvent.RolledBack;
import dev.airlock.audit.AuditEvent.SessionEnded;
import dev.airlock.audit.AuditEvent.SessionStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Folds one session's events, in log order, into a {@link Report}. Pure. */
final class ReportBuilder {

    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private record DestinationKey(String host, int port, boolean allowed, String by) {
    }

    private String session = "unknown";
    private String mode = "unknown";
    private String workspace = "unknown";
    private Instant started;
    private Instant ended;
    private final List<Report.Ran> ran = new ArrayList<>();
    private final List<Report.Refusal> refused = new ArrayList<>();
    private final List<Report.Answer> answers = new ArrayList<>();
    private final List<Report.GrantLine> grants = new ArrayList<>();
    private final Map<DestinationKey, Report.Destination> destinations = new LinkedHashMap<>();
    private final List<Report.Flag> flagged = new ArrayList<>();
    private final List<Report.RollbackLine> rollbacks = new ArrayList<>();
    private final Set<String> excludeRules = new LinkedHashSet<>();
    private final Set<String> excluded = new LinkedHashSet<>();
    private final NetChanges net = new NetChanges();
    private final Map<String, List<String>> undone = new LinkedHashMap<>();
    private Report.Branch branch;
    private final java.util.Set<String> interrupted = new java.util.HashSet<>();

    private ReportBuilder() {
    }

    static Report build(List<AuditEvent> events, List<String> warnings) {
        ReportBuilder builder = new ReportBuilder();
        events.forEach(builder::add);
        return builder.report(warnings);
    }

    private void add(AuditEvent event) {
        switch (event) {
            case SessionStarted s -> {
                if (started == null) {
                    session = s.session();
                    mode = s.mode();
                    workspace = s.workspace();
                    started = s.at();
                }
                excludeRules.addAll(s.excludes());
            }
            case CommandRan c -> ran(c);
            case CommandRefused r -> refused(r);
            case Grant g -> grants.add(new Report.GrantLine(g.scope(), g.kind(), g.value(), g.approver(), g.by()));
            case CheckpointTaken c -> {
                net.checkpoint(c.id());
                excluded.addAll(c.excluded());
            }
            case RolledBack r -> {
                net.rollback(r.to(), r.undoCheckpoint(), r.changes());
                rollbacks.add(new Report.RollbackLine(r.at(), r.to(), r.undoCheckpoint(), r.changes().size()));
            }
            case SessionEnded e -> ended = e.at();
            case AuditEvent.BranchChanged b -> branch(b);
            // logged just before its command: the command's flag line carries it
            case AuditEvent.ShellRan sh -> {
                sh.checkpoint().ifPresent(net::checkpoint);
                net.apply(sh.changes());
                ran.add(new Report.Ran(sh.commandId(), "(interactive shell) " + command(sh.argv()), sh.exitCode(), sh.profile(),
                        sh.durationMs(), false, false, sh.changes().size(), sh.changes().history(), false));
            }
            // logged just before its command, as Undone is
            case AuditEvent.CommandInterrupted i -> interrupted.add(i.commandId());
            // its command never ran nor was refused by anyone: nothing of the session changed
            case AuditEvent.ApprovalExpired x -> { }
            case AuditEvent.Undone u -> undone.put(u.commandId(), u.found().stream()
                    .map(i -> "left " + i.path() + " (" + i.what() + "): " + i.action()).toList());
        }
    }

    private void ran(CommandRan c) {
        String command = command(c.argv());
        c.checkpoint().ifPresent(net::checkpoint);
        net.apply(c.changes());
        ran.add(new Report.Ran(c.commandId(), command, c.exitCode(), c.profile(), c.durationMs(), c.timedOut(),
                c.oomKilled(), c.changes().size(), c.changes().history(), interrupted.contains(c.commandId())));
        c.approval().ifPresent(a -> answers.add(new Report.Answer(c.commandId(), command, a.answer(), a.approver(),
                a.by(), a.scope(), c.decision().profile().orElse(c.profile()), a.reason())));
        for (Egress e : c.egress()) {
            destinations.merge(new DestinationKey(e.host(), e.port(), e.allowed(), e.by()),
                    new Report.Destination(e.host(), e.port(), e.allowed(), e.by(), 1, e.bytesUp(), e.bytesDown(),
                            List.of(c.commandId())),
                    ReportBuilder::addUp);
        }

        List<String> why = new ArrayList<>();
        AuditEvent.Assessment assessment = c.assessment();
        if (assessment.tier().equalsIgnoreCase("destructive")) {
            why.add("destructive: " + reasons(assessment, "destructive"));
        }
        if (assessment.opaque()) {
            why.add("opaque: Airlock could not see what it would do" + opaqueDetail(assessment));
        }
        if (c.timedOut()) {
            why.add("stopped at its time limit after " + c.durationMs() + " ms");
        }
        if (c.oomKilled()) {
            why.add("killed at its memory limit");
        }
        if (interrupted.contains(c.commandId())) {
            why.add("interrupted (Ctrl-C) and stopped before it ended: it may have done part of its work ("
                    + c.changes().size() + " file(s) changed)");
        }
        for (Egress e : c.egress()) {
            if (!e.allowed()) {
                why.add("tried to reach " + e.host() + ":" + e.port() + ", refused by " + e.by());
            }
        }
        why.addAll(undone.getOrDefault(c.commandId(), List.of()));
        if (!why.isEmpty()) {
            flagged.add(new Report.Flag(c.commandId(), command, why));
        }
    }

    private void branch(AuditEvent.BranchChanged b) {
        Report.Branch was = branch != null ? branch
                : new Report.Branch(b.branch(), b.repository(), Optional.empty(), List.of(), Optional.empty(), false);
        List<Report.BranchCommit> commits = new ArrayList<>(was.commits());
        branch = switch (b.action()) {
            case "started" -> new Report.Branch(b.branch(), b.repository(), b.commit(), commits, was.applied(), false);
            case "committed" -> {
                b.commit().ifPresent(c -> commits.add(new Report.BranchCommit(c, b.commandId().orElse(""))));
                yield new Report.Branch(was.name(), was.repository(), was.base(), commits, was.applied(), was.discarded());
            }
            case "applied" -> new Report.Branch(was.name(), was.repository(), was.base(), commits, b.commit(), was.discarded());
            default -> new Report.Branch(was.name(), was.repository(), was.base(), commits, was.applied(), true);
        };
    }

    private void refused(CommandRefused r) {
        String command = command(r.argv());
        refused.add(new Report.Refusal(r.commandId(), command, r.needed(), r.deniedBy(), r.reason(),
                r.assessment().domains()));
        answers.add(r.approval()
                .map(a -> new Report.Answer(r.commandId(), command, a.answer(), a.approver(), a.by(), a.scope(),
                        r.needed(), a.reason().or(() -> Optional.of(r.reason()))))
                .orElseGet(() -> new Report.Answer(r.commandId(), command, "refused", r.deniedBy(), Optional.empty(),
                        Optional.empty(), r.needed(), Optional.of(r.reason()))));
        List<String> why = new ArrayList<>();
        why.add("refused: needed " + r.needed() + "; denied by " + r.deniedBy() + ": " + r.reason());
        if (r.assessment().tier().equalsIgnoreCase("destructive")) {
            why.add("destructive: " + reasons(r.assessment(), "destructive"));
        }
        flagged.add(new Report.Flag(r.commandId(), command, why));
    }

    private Report report(List<String> warnings) {
        FileChanges changed = net.result();
        List<Report.Destination> contacted = List.copyOf(destinations.values());
        Report draft = new Report(session, mode, workspace, Optional.ofNullable(started), Optional.ofNullable(ended),
                ran, refused, changed, answers, grants, contacted, flagged, rollbacks, List.copyOf(excludeRules),
                List.copyOf(excluded), List.of(), warnings, Optional.ofNullable(branch));
        return new Report(draft.session(), draft.mode(), draft.workspace(), draft.started(), draft.ended(),
                draft.ran(), draft.refused(), draft.changed(), draft.escalations(), draft.grants(),
                draft.destinations(), draft.flagged(), draft.rollbacks(), draft.excludeRules(), draft.excluded(),
                Checks.derive(draft), draft.warnings(), draft.branch());
    }

    private static Report.Destination addUp(Report.Destination a, Report.Destination b) {
        Set<String> commands = new LinkedHashSet<>(a.commands());
        commands.addAll(b.commands());
        return new Report.Destination(a.host(), a.port(), a.allowed(), a.by(), a.connections() + b.connections(),
                a.bytesUp() + b.bytesUp(), a.bytesDown() + b.bytesDown(), List.copyOf(commands));
    }

    private static String reasons(AuditEvent.Assessment assessment, String tier) {
        String listed = assessment.reasons().stream()
                .filter(r -> r.tier().equalsIgnoreCase(tier))
                .map(r -> r.what() + " " + r.detail())
                .collect(Collectors.joining(", "));
        return listed.isEmpty() ? "assessed " + tier : listed;
    }

    private static String opaqueDetail(AuditEvent.Assessment assessment) {
        String listed = assessment.reasons().stream()
                .filter(r -> r.what().equals("opaque"))
                .map(AuditEvent.Reason::detail)
                .collect(Collectors.joining(", "));
        return listed.isEmpty() ? "" : " (" + listed + ")";
    }

    /** A command line as a person would type it: words that need it single-quoted. */
    static String command(List<String> argv) {
        return argv.stream()
                .map(word -> PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }
}
