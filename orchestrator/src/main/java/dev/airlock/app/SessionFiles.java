package dev.airlock.app;

import dev.airlock.approval.Grant;
import dev.airlock.approval.Grants;
import dev.airlock.audit.AuditLog;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.ProfileException;
import dev.airlock.session.Session;
import dev.airlock.session.SessionInfo;
import dev.airlock.session.SessionStore;
import dev.airlock.session.Workspace;
import dev.airlock.workspace.Checkpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A session's files for the commands that only read or restore them (diff, rollback, log, report): no engine needed. */
public record SessionFiles(SessionInfo info, Path dir, Path checkpointStore) {

    static SessionFiles of(Application app, String id) {
        SessionStore store = new SessionStore(app.state());
        SessionInfo info = store.open(id);
        return new SessionFiles(info, store.dir(info.id()), app.state().checkpointStore(new Workspace(info.workspace())));
    }

    public Path auditLog() {
        return dir.resolve("audit.jsonl");
    }

    /** Records in the session's audit log what was done to its branch ({@code apply}, {@code discard}). */
    public void recordBranch(String action, dev.airlock.branch.SessionBranch branch, Optional<String> commit, int commits) {
        try (AuditLog log = AuditLog.open(auditLog())) {
            log.append(new dev.airlock.audit.AuditEvent.BranchChanged(java.time.Instant.now(), action, branch.name(),
                    branch.repository().toString(), Optional.empty(), commit, commits));
        }
    }

    /** The audit log as it is now; what it could not read is in its warnings. */
    public dev.airlock.audit.LogContents audit() {
        return AuditLog.read(auditLog());
    }

    /**
     * Diff and rollback over the workspace's store, masking what every profile of the workspace's catalog masks.
     * A workspace layer the sandbox broke must not stop the way out: then the layers below it decide the masks.
     */
    public Undo undo(Application app) {
        Catalog catalog;
        try {
            catalog = app.catalog(Optional.of(info.workspace()));
        } catch (ProfileException e) {
            catalog = app.catalog(Optional.empty());
        }
        Checkpoints checkpoints = Checkpoints.open(info.workspace(), checkpointStore,
                Session.checkpointOptions(catalog, app.console().env())).forSession(info.id().value());
        return new Undo(info, checkpoints, auditLog(), event -> {
            try (AuditLog log = AuditLog.open(auditLog())) {
                log.append(event);
            }
        });
    }


    /** The session's grants; listing them runs nothing, so a workspace layer that is refused must not hide them. */
    public List<Grant> grants(Application app) {
        List<String> order;
        try {
            order = app.catalog(Optional.of(info.workspace())).profileOrder();
        } catch (ProfileException e) {
            order = app.catalog(Optional.empty()).profileOrder();
        }
        return Grants.load(dir.resolve("grants.json"), order).list();
    }
}
