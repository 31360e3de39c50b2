package dev.airlock.cli;

import dev.airlock.session.SessionInfo;
import dev.airlock.session.SessionStore;
import dev.airlock.workspace.Checkpoint;
import dev.airlock.workspace.Checkpoints;
import java.nio.file.Path;
import java.util.List;

/** A session's files for the commands that only read or restore them (diff, rollback, log, report): no engine needed. */
record SessionFiles(SessionInfo info, Path dir) {

    static SessionFiles of(Airlock airlock, String id) {
        SessionStore store = new SessionStore(airlock.state());
        SessionInfo info = store.open(id);
        return new SessionFiles(info, store.dir(info.id()));
    }

    Path auditLog() {
        return dir.resolve("audit.jsonl");
    }

    Checkpoints checkpoints() {
        return Checkpoints.open(info.workspace(), dir.resolve("checkpoints.git"), List.of());
    }

    /** A checkpoint by id (or prefix), or the session's first when none is named. */
    Checkpoint checkpoint(Checkpoints checkpoints, String id) {
        if (id != null) {
            return checkpoints.find(id).orElseThrow(() -> dev.airlock.AirlockException.usage(
                    "no checkpoint " + id + " in session " + info.id(),
                    "checkpoints: " + String.join(", ", checkpoints.list().stream().map(Checkpoint::id).toList())));
        }
        return checkpoints.list().stream().findFirst().orElseThrow(() -> dev.airlock.AirlockException.usage(
                "session " + info.id() + " has no checkpoint yet: nothing it ran could write the workspace",
                "nothing to compare or restore"));
    }
}
