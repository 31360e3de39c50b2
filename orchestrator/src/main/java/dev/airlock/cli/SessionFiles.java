package dev.airlock.cli;

import dev.airlock.session.SessionInfo;
import dev.airlock.session.SessionStore;
import dev.airlock.workspace.Checkpoint;
import dev.airlock.workspace.Checkpoints;
import java.nio.file.Path;
import java.util.List;

/** A session's files for the commands that only read or restore them (diff, rollback, log, report): no engine needed. */
record SessionFiles(SessionInfo info, Path dir, Path checkpointStore) {

    static SessionFiles of(Airlock airlock, String id) {
        SessionStore store = new SessionStore(airlock.state());
        SessionInfo info = store.open(id);
        return new SessionFiles(info, store.dir(info.id()),
                airlock.state().checkpointStore(new dev.airlock.session.Workspace(info.workspace())));
    }

    Path auditLog() {
        return dir.resolve("audit.jsonl");
    }

    /**
     * The workspace's store, masking what every profile of the workspace's catalog masks. A workspace layer the
     * sandbox broke must not stop the way out (diff, rollback): then the layers below it decide the masks.
     */
    Checkpoints checkpoints(Airlock airlock) {
        dev.airlock.profile.Catalog catalog;
        try {
            catalog = airlock.catalog(java.util.Optional.of(info.workspace()));
        } catch (dev.airlock.profile.ProfileException e) {
            catalog = airlock.catalog(java.util.Optional.empty());
        }
        return Checkpoints.open(info.workspace(), checkpointStore,
                dev.airlock.session.Session.checkpointOptions(catalog, airlock.console().env())).forSession(info.id().value());
    }

    /** The ids of the checkpoints this session took, oldest first (the store holds other sessions' too). */
    List<String> sessionCheckpoints() {
        return dev.airlock.audit.AuditLog.read(auditLog()).events().stream()
                .filter(e -> e instanceof dev.airlock.audit.AuditEvent.CheckpointTaken)
                .map(e -> ((dev.airlock.audit.AuditEvent.CheckpointTaken) e).id()).toList();
    }

    /** A checkpoint by id (or prefix), or the session's first when none is named. */
    Checkpoint checkpoint(Checkpoints checkpoints, String id) {
        List<String> mine = sessionCheckpoints();
        if (id != null) {
            return checkpoints.find(id).orElseThrow(() -> dev.airlock.AirlockException.usage(
                    "no checkpoint " + id + " for the workspace of session " + info.id(),
                    mine.isEmpty() ? "the session took no checkpoint" : "the session's checkpoints: " + String.join(", ", mine)));
        }
        return mine.stream().findFirst().flatMap(checkpoints::find).orElseThrow(() -> dev.airlock.AirlockException.usage(
                "session " + info.id() + " has no checkpoint yet: nothing it ran could write the workspace",
                "nothing to compare or restore"));
    }
}
