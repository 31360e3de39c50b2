package dev.airlock.session;

import dev.airlock.audit.AuditEvent;
import dev.airlock.audit.AuditLog;
import dev.airlock.workspace.Checkpoint;
import dev.airlock.workspace.Checkpoints;
import dev.airlock.workspace.RollbackResult;
import java.time.Clock;
import java.util.function.Consumer;

/** A command the sandbox stopped, approved to run again: the workspace first goes back to where the first attempt began. */
final class Retries {

    private Retries() {
    }

    /** Rolls the workspace back to the checkpoint taken before the first attempt, and says so (with how to undo it). */
    static void rollBack(Checkpoints checkpoints, Checkpoint before, AuditLog audit, Clock clock, Consumer<String> notices,
                         String commandId, SessionId session) {
        RollbackResult done = checkpoints.rollback(before);
        audit.append(new AuditEvent.RolledBack(clock.instant(), before.id(), done.undo().id(),
                new AuditEvent.FileChanges(done.changes().added(), done.changes().modified(), done.changes().deleted(),
                        done.changes().history())));
        notices.accept(commandId + " changed " + done.changes().size() + " file(s) before the sandbox stopped it; rolled back to "
                + "checkpoint " + before.id() + " so it runs again from the start (what it left is checkpoint " + done.undo().id()
                + ": airlock rollback --session " + session + " --to " + done.undo().id() + ")");
    }
}
