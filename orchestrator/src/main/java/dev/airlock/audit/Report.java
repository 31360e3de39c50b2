package dev.airlock.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.airlock.AirlockException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The end-of-task summary of one session, built from its audit events alone: what ran, what changed, which
 * escalations were approved or denied and by whom, every destination contacted, what was risky and why, and
 * what to check before accepting the work. Renders as text, JSON (this record) or Markdown.
 *
 * @param changed   the net effect on the workspace: commands' changes, with rollbacks undoing what they undid
 * @param flagged   destructive, opaque, timed-out, out-of-memory and refused commands, each with why
 * @param checks    what a person should do before accepting the work, most important first
 * @param warnings  damaged lines of the log that were skipped
 * @param branch    the session's own branch, when it has one: its commits, and whether it was applied or discarded
 */
public record Report(String session, String mode, String workspace, Optional<Instant> started,
                     Optional<Instant> ended, List<Ran> ran, List<Refusal> refused, AuditEvent.FileChanges changed,
                     List<Answer> escalations, List<GrantLine> grants, List<Destination> destinations,
                     List<Flag> flagged, List<RollbackLine> rollbacks, List<String> excludeRules,
                     List<String> excluded, List<String> checks, List<String> warnings, Optional<Branch> branch) {

    /** The renderings {@code airlock report --format} offers. */
    public enum Format {
        TEXT, JSON, MD;

        public static Format parse(String name) {
            for (Format format : values()) {
                if (format.name().equalsIgnoreCase(name)) {
                    return format;
                }
            }
            throw AirlockException.usage("unknown report format " + name, "use text, json or md");
        }
    }

    /** A command that ran; {@code interrupted}: its caller stopped it before it ended (Ctrl-C). */
    public record Ran(@com.fasterxml.jackson.annotation.JsonProperty("commandId") String id, String command, int exitCode, String profile, long durationMs, boolean timedOut,
                      boolean oomKilled, int changedFiles, Optional<String> history, boolean interrupted) {
    }

    /** A command that did not run, what it needed and who or what said no. */
    public record Refusal(@com.fasterxml.jackson.annotation.JsonProperty("commandId") String id, String command, String needed, String deniedBy, String reason,
                          List<String> domains) {
    }

    /**
     * An escalation and its answer: {@code approved}, {@code denied}, {@code unanswered}, or {@code refused}
     * (a rule said no without asking anyone).
     */
    public record Answer(String commandId, String command, String outcome, String approver, Optional<String> by,
                         Optional<String> scope, String needed, Optional<String> reason) {
    }

    /** A grant given during the session. */
    public record GrantLine(String scope, String kind, String value, String approver, Optional<String> by) {
    }

    /** A destination, all the connections to it with one outcome added up, and the commands that made them. */
    public record Destination(String host, int port, boolean allowed, String by, int connections, long bytesUp,
                              long bytesDown, List<String> commands) {
    }

    /** A command worth a look, and why. */
    public record Flag(String commandId, String command, List<String> why) {
    }

    /**
     * The session's branch in {@code repository}: {@code commits} (id and the command that made it), and the
     * commit last applied into the repository, if any.
     */
    public record Branch(String name, String repository, Optional<String> base, List<BranchCommit> commits,
                         Optional<String> applied, boolean discarded) {
        public Branch {
            commits = List.copyOf(commits);
        }
    }

    /** One commit on the session's branch. */
    public record BranchCommit(String commit, String commandId) {
    }

    /** A rollback of the workspace. */
    public record RollbackLine(Instant at, String to, String undo, int changedFiles) {
    }

    public Report {
        ran = List.copyOf(ran);
        refused = List.copyOf(refused);
        escalations = List.copyOf(escalations);
        grants = List.copyOf(grants);
        destinations = List.copyOf(destinations);
        flagged = List.copyOf(flagged);
        rollbacks = List.copyOf(rollbacks);
        excludeRules = List.copyOf(excludeRules);
        excluded = List.copyOf(excluded);
        checks = List.copyOf(checks);
        warnings = List.copyOf(warnings);
    }

    /** The report of a log as read, its warnings included. */
    public static Report of(LogContents log) {
        return ReportBuilder.build(log.events(), log.warnings());
    }

    public static Report of(List<AuditEvent> events, List<String> warnings) {
        return ReportBuilder.build(events, warnings);
    }

    public String render(Format format) {
        return switch (format) {
            case TEXT -> ReportWriter.text(this);
            case MD -> ReportWriter.markdown(this);
            case JSON -> json();
        };
    }

    public String text() {
        return render(Format.TEXT);
    }

    public String markdown() {
        return render(Format.MD);
    }

    public String json() {
        try {
            return dev.airlock.json.JsonMappers.LINES.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
