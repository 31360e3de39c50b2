package dev.airlock.app;

import dev.airlock.AirlockException;
import dev.airlock.audit.AuditEvent;
import dev.airlock.audit.AuditLog;
import dev.airlock.session.SessionInfo;
import dev.airlock.workspace.Changes;
import dev.airlock.workspace.Checkpoint;
import dev.airlock.workspace.Checkpoints;
import dev.airlock.workspace.RollbackResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Diff and rollback over a session's checkpoints, the one implementation every face uses: the CLI from the
 * files on disk, the MCP server through its open session. A rollback is recorded in the session's audit log.
 */
public final class Undo {

    /** What changed since {@code from}; {@code unified} is empty when only the lists were asked for. */
    public record Diff(Checkpoint from, Changes changes, String unified, java.util.Map<String, java.util.Set<String>> byOtherSessions) {
    }

    /** A rollback done: to {@code target}; the state before it is the checkpoint {@code result.undo()}. */
    public record Rolled(Checkpoint target, RollbackResult result) {
    }

    private final SessionInfo info;
    private final Checkpoints checkpoints;
    private final Path auditLog;
    private final Consumer<AuditEvent> record;

    Undo(SessionInfo info, Checkpoints checkpoints, Path auditLog, Consumer<AuditEvent> record) {
        this.info = info;
        this.checkpoints = checkpoints;
        this.auditLog = auditLog;
        this.record = record;
    }

    /** The ids of the checkpoints this session took, oldest first (the store holds other sessions' too). */
    public List<String> sessionCheckpoints() {
        return AuditLog.read(auditLog).events().stream()
                .filter(e -> e instanceof AuditEvent.CheckpointTaken)
                .map(e -> ((AuditEvent.CheckpointTaken) e).id()).toList();
    }

    /** Every checkpoint of the workspace's store, oldest first. */
    public List<Checkpoint> all() {
        return checkpoints.list();
    }

    /** A checkpoint by id (or prefix), or the session's first when none is named. */
    public Checkpoint checkpoint(Optional<String> id) {
        List<String> mine = sessionCheckpoints();
        if (id.isPresent()) {
            return checkpoints.find(id.get()).orElseThrow(() -> AirlockException.usage(
                    "no checkpoint " + id.get() + " for the workspace of session " + info.id(),
                    mine.isEmpty() ? "the session took no checkpoint" : "the session's checkpoints: " + String.join(", ", mine)));
        }
        return mine.stream().findFirst().flatMap(checkpoints::find).orElseThrow(() -> AirlockException.usage(
                "session " + info.id() + " has no checkpoint yet: nothing it ran could write the workspace",
                "nothing to compare or restore"));
    }

    /** What changed in the workspace since {@code from}; with {@code stat}, no unified diff. */
    public Diff diff(Checkpoint from, boolean stat) {
        Changes changes = checkpoints.changes(from);
        return new Diff(from, changes, stat ? "" : checkpoints.unifiedDiff(from), checkpoints.otherSessions(from));
    }

    /** Restores the workspace exactly to {@code target}, and records it; undoable through the checkpoint it names. */
    public Rolled rollback(Checkpoint target) {
        return rollback(target, false);
    }

    /**
     * The same; {@code overOtherSessions} rolls back even what another session's commands changed since
     * {@code target} (without it, such a rollback is refused, naming the session).
     */
    public Rolled rollback(Checkpoint target, boolean overOtherSessions) {
        RollbackResult result = checkpoints.rollback(target, overOtherSessions);
        Changes c = result.changes();
        record.accept(new AuditEvent.RolledBack(Instant.now(), target.id(), result.undo().id(),
                new AuditEvent.FileChanges(c.added(), c.modified(), c.deleted(), c.history())));
        // a session's branch records the rollback as a commit of its own, so apply brings what is there now
        dev.airlock.branch.SessionBranch.open(auditLog.getParent()).flatMap(b -> b.commit("airlock rollback to " + target.id(),
                        "Made by Airlock: the session's tree was rolled back to checkpoint " + target.id() + ".")
                .map(commit -> java.util.Map.entry(b, commit)))
                .ifPresent(e -> record.accept(new AuditEvent.BranchChanged(Instant.now(), "committed", e.getKey().name(),
                        e.getKey().repository().toString(), Optional.of("rollback"), Optional.of(e.getValue().id()), 1)));
        return new Rolled(target, result);
    }
}
