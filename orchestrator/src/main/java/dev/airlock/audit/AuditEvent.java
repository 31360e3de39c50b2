package dev.airlock.audit;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One thing that happened in a session, as one line of the audit log; {@code type} in JSON names the kind.
 * Plain data only (strings, numbers, lists, instants), so the log outlives the classes that wrote it. Closed
 * vocabularies are lower-case strings, checked here: tiers ({@code read}, ..., {@code destructive}), decision
 * kinds, answers, scopes and grant kinds.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AuditEvent.SessionStarted.class, name = "session-started"),
        @JsonSubTypes.Type(value = AuditEvent.CommandRan.class, name = "command"),
        @JsonSubTypes.Type(value = AuditEvent.CommandRefused.class, name = "refused"),
        @JsonSubTypes.Type(value = AuditEvent.Grant.class, name = "grant"),
        @JsonSubTypes.Type(value = AuditEvent.CheckpointTaken.class, name = "checkpoint"),
        @JsonSubTypes.Type(value = AuditEvent.RolledBack.class, name = "rollback"),
        @JsonSubTypes.Type(value = AuditEvent.SessionEnded.class, name = "session-ended"),
        @JsonSubTypes.Type(value = AuditEvent.Undone.class, name = "undone"),
        @JsonSubTypes.Type(value = AuditEvent.BranchChanged.class, name = "branch"),
        @JsonSubTypes.Type(value = AuditEvent.ShellRan.class, name = "shell"),
        @JsonSubTypes.Type(value = AuditEvent.CommandInterrupted.class, name = "interrupted"),
        @JsonSubTypes.Type(value = AuditEvent.ApprovalExpired.class, name = "approval-expired"),
})
public sealed interface AuditEvent {

    Instant at();

    /** A session began (or was continued by another Airlock process). */
    record SessionStarted(Instant at, String session, String mode, String workspace, String baseProfile,
                          List<String> reachableProfiles, List<String> excludes) implements AuditEvent {
        public SessionStarted {
            requireAll(at, session, mode, workspace, baseProfile);
            reachableProfiles = copy(reachableProfiles);
            excludes = copy(excludes);
        }
    }

    /**
     * A command that ran.
     *
     * @param commandId   the session's id of the command, e.g. {@code c-3}
     * @param decision    what the planner decided before it ran
     * @param approval    who approved the escalation, when there was one
     * @param profile     the profile it ran with
     * @param changes     what it changed in the workspace (empty when it could not write)
     * @param egress      every destination it tried to reach
     * @param checkpoint  the checkpoint taken just before it ran, when its profile could write
     * @param envPassed   names of host environment variables the caller passed in ({@code --env}); never values
     */
    record CommandRan(Instant at, String commandId, List<String> argv, Optional<String> justification,
                      Assessment assessment, Decision decision, Optional<Approval> approval, String profile,
                      String containerId, int exitCode, boolean timedOut, boolean oomKilled, long durationMs,
                      FileChanges changes, List<Egress> egress, Optional<String> checkpoint, List<String> envPassed)
            implements AuditEvent {
        public CommandRan {
            requireAll(at, commandId, assessment, decision, profile, containerId);
            argv = copy(argv);
            justification = optional(justification);
            approval = optional(approval);
            changes = changes == null ? FileChanges.NONE : changes;
            egress = copy(egress);
            checkpoint = optional(checkpoint);
            envPassed = copy(envPassed);
        }
    }

    /**
     * A command its caller stopped before it ended (Ctrl-C, a cancelled tool call, a client that went away);
     * logged just before the command's own {@link CommandRan}, which holds what it changed up to then.
     */
    record CommandInterrupted(Instant at, String commandId) implements AuditEvent {
        public CommandInterrupted {
            requireAll(at, commandId);
        }
    }

    /**
     * An approval request that ended unanswered because nothing waits for it any more: its asking process died
     * (killed, crashed; found and expired by a later Airlock process, or a server that starts), or its caller
     * went away while it waited (Ctrl-C, a killed client). The log says why the command never ran and why
     * approving it later was refused.
     */
    record ApprovalExpired(Instant at, String request, List<String> argv, String reason) implements AuditEvent {
        public ApprovalExpired {
            requireAll(at, request, reason);
            argv = copy(argv);
        }
    }

    /**
     * A command that did not run.
     *
     * @param needed   what it needed that it did not get, e.g. {@code network-allowlisted (github.com)}
     * @param deniedBy the rule or approver that said no, e.g. {@code rule:no-push}, {@code terminal}
     * @param reason   why, for people
     * @param approval the answer, when a person or the auto-reviewer was asked
     */
    record CommandRefused(Instant at, String commandId, List<String> argv, Optional<String> justification,
                          Assessment assessment, String needed, String deniedBy, String reason,
                          Optional<Approval> approval) implements AuditEvent {
        public CommandRefused {
            requireAll(at, commandId, assessment, needed, deniedBy, reason);
            argv = copy(argv);
            justification = optional(justification);
            approval = optional(approval);
        }
    }

    /**
     * A grant for the rest of the session (or once): {@code kind} is {@code prefix}, {@code domain},
     * {@code profile}, or {@code mode} (a person let the session switch to a wider mode).
     */
    record Grant(Instant at, String scope, String kind, String value, String approver, Optional<String> by)
            implements AuditEvent {
        public Grant {
            requireAll(at, value, approver);
            scope = oneOf(scope, "scope", Set.of("once", "session"));
            kind = oneOf(kind, "kind", Set.of("prefix", "domain", "profile", "mode", "project-image"));
            by = optional(by);
        }
    }

    /** A checkpoint was taken; {@code excluded} lists what it does not hold, with why. */
    record CheckpointTaken(Instant at, String id, String label, int files, long durationMs, List<String> excluded)
            implements AuditEvent {
        public CheckpointTaken {
            requireAll(at, id, label);
            excluded = copy(excluded);
        }
    }

    /** The workspace was rolled back {@code to} a checkpoint; {@code undoCheckpoint} holds the state before. */
    record RolledBack(Instant at, String to, String undoCheckpoint, FileChanges changes) implements AuditEvent {
        public RolledBack {
            requireAll(at, to, undoCheckpoint);
            changes = changes == null ? FileChanges.NONE : changes;
        }
    }

    /**
     * After a command, Airlock undid what it left that a host program would run or follow (git config that
     * names a program, a hook, a {@code .git} link, a file host tools load).
     *
     * @param found one line each: path, what it was (never its content), and what was done
     */
    record Undone(Instant at, String commandId, List<Item> found) implements AuditEvent {
        public Undone {
            requireAll(at, commandId);
            found = copy(found);
        }
    }

    /** One thing {@link Undone}: {@code action} is {@code removed}, {@code restored}, or why it was left. */
    record Item(String path, String what, String action) {
        public Item {
            requireAll(path, what, action);
        }
    }

    /**
     * The session's branch: {@code started} at {@code commit} of {@code repository}, a command's work
     * {@code committed} ({@code commandId}), {@code applied} into the repository ({@code commits} new ones), or
     * {@code discarded}.
     */
    record BranchChanged(Instant at, String action, String branch, String repository, Optional<String> commandId,
                         Optional<String> commit, int commits) implements AuditEvent {
        public BranchChanged {
            requireAll(at, branch, repository);
            action = oneOf(action, "action", Set.of("started", "committed", "applied", "discarded"));
            commandId = optional(commandId);
            commit = optional(commit);
        }
    }

    /**
     * A person's interactive shell in the session's sandbox ({@code airlock shell}): nothing was assessed (the
     * person typed it), but what it changed is recorded like a command's.
     *
     * @param argv       the shell that ran, e.g. {@code bash -i}
     * @param checkpoint the checkpoint taken just before, when the profile could write
     */
    record ShellRan(Instant at, String commandId, List<String> argv, String profile, String containerId, int exitCode,
                    long durationMs, FileChanges changes, Optional<String> checkpoint) implements AuditEvent {
        public ShellRan {
            requireAll(at, commandId, profile, containerId, changes, checkpoint);
            argv = copy(argv);
        }
    }

    /** The session ended. */
    record SessionEnded(Instant at) implements AuditEvent {
        public SessionEnded {
            requireAll(at);
        }
    }

    /** What a command needs, as the assessment found it; {@code opaque}: Airlock could not see what it would do. */
    record Assessment(String tier, List<Reason> reasons, List<String> domains, List<String> paths, boolean opaque) {
        public static final Set<String> TIERS = Set.of("READ", "WRITE", "EXECUTE", "NETWORK", "DESTRUCTIVE");

        /** A tier as the assessment names it ({@code READ} .. {@code DESTRUCTIVE}); logs before that wrote it lower-case. */
        static String tier(String tier) {
            Objects.requireNonNull(tier, "tier is missing");
            String upper = tier.toUpperCase(Locale.ROOT);
            if (!TIERS.contains(upper)) {
                throw new IllegalArgumentException("tier \"" + tier + "\" is not one of " + TIERS);
            }
            return upper;
        }

        public Assessment {
            tier = tier(tier);
            reasons = copy(reasons);
            domains = copy(domains);
            paths = copy(paths);
        }
    }

    /** One effect that sets a tier, e.g. {@code {destructive, deletes, build/}}. */
    record Reason(String tier, String what, String detail) {
        public Reason {
            tier = Assessment.tier(tier);
            requireAll(what, detail);
        }
    }

    /** The planner's decision: {@code run}, {@code escalate} or {@code refuse}, with the profile it named. */
    record Decision(String kind, Optional<String> profile, String reason) {
        public Decision {
            kind = oneOf(kind, "kind", Set.of("run", "escalate", "refuse"));
            profile = optional(profile);
            requireAll(reason);
        }
    }

    /**
     * An approver's answer to an escalation.
     *
     * @param approver {@code terminal}, {@code queue}, {@code auto-review} or {@code deny}
     * @param answer   {@code approved}, {@code denied} or {@code unanswered}
     * @param scope    {@code once} or {@code session}, when approved
     * @param by       who answered: a person's name or a rule's
     */
    record Approval(String approver, String answer, Optional<String> scope, Optional<String> by,
                    Optional<String> reason) {
        public Approval {
            requireAll(approver);
            answer = oneOf(answer, "answer", Set.of("approved", "denied", "unanswered"));
            scope = optional(scope).map(s -> oneOf(s, "scope", Set.of("once", "session")));
            by = optional(by);
            reason = optional(reason);
        }
    }

    /**
     * Workspace-relative paths a command or rollback added, modified, deleted; and, when the user's repository
     * changed, one line saying how (refs deleted, objects removed), never a list of its files.
     */
    record FileChanges(List<String> added, List<String> modified, List<String> deleted, Optional<String> history) {
        public static final FileChanges NONE = new FileChanges(List.of(), List.of(), List.of());

        public FileChanges {
            added = copy(added);
            modified = copy(modified);
            deleted = copy(deleted);
            history = optional(history);
        }

        public FileChanges(List<String> added, List<String> modified, List<String> deleted) {
            this(added, modified, deleted, Optional.empty());
        }

        public int size() {
            return added.size() + modified.size() + deleted.size();
        }
    }

    /** One destination a command tried to reach through the egress proxy, and whether it was let through by whom. */
    record Egress(String host, int port, boolean allowed, String by, long bytesUp, long bytesDown) {
        public Egress {
            requireAll(host, by);
        }
    }

    private static void requireAll(Object... values) {
        for (Object value : values) {
            Objects.requireNonNull(value, "a required field is missing");
        }
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    @SuppressWarnings("OptionalAssignedToNull")
    private static <T> Optional<T> optional(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }

    private static String oneOf(String value, String field, Set<String> allowed) {
        Objects.requireNonNull(value, field + " is missing");
        String lower = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new IllegalArgumentException(field + " \"" + value + "\" is not one of " + allowed);
        }
        return lower;
    }
}
