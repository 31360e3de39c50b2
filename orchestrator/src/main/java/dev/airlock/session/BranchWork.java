package dev.airlock.session;

import dev.airlock.AirlockException;
import dev.airlock.audit.AuditEvent;
import dev.airlock.audit.AuditLog;
import dev.airlock.branch.SessionBranch;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Where a session meets its branch: made at the start, and a commit after each command that could write. */
final class BranchWork {

    private BranchWork() {
    }

    /** Makes the branch and its tree; the session then works on the tree, and the user's checkout stays as it is. */
    static SessionInfo start(SessionStore store, SessionInfo info, StateDir state) {
        SessionBranch branch = SessionBranch.create(state.root(), store.dir(info.id()), info.id().value(), info.workspace());
        SessionInfo onTree = new SessionInfo(info.id(), branch.tree(), info.mode(), info.created(), Optional.of(branch.name()));
        store.save(onTree);
        return onTree;
    }

    static void started(AuditLog audit, Clock clock, Optional<SessionBranch> branch) {
        branch.ifPresent(b -> audit.append(new AuditEvent.BranchChanged(clock.instant(), "started", b.name(),
                b.repository().toString(), Optional.empty(), b.base(), 0)));
    }

    /** A session whose branch was discarded has no tree left to work in: said plainly, before anything is opened. */
    static void checkUsable(SessionInfo info, Path dir) {
        if (info.branch().isPresent() && SessionBranch.open(dir).map(SessionBranch::discarded).orElse(false)) {
            throw AirlockException.usage("the branch " + info.branch().get() + " of session " + info.id() + " was discarded, with its tree",
                    "start a new session (omit --session); airlock report --session " + info.id() + " still shows what it did");
        }
    }

    static Optional<SessionBranch> of(SessionInfo info, Path dir) {
        return info.branch().isPresent() ? SessionBranch.open(dir) : Optional.empty();
    }

    /** Commits what a command left on the branch; a commit that fails is said, never hides the command's result. */
    static void commit(Optional<SessionBranch> branch, AuditLog audit, Clock clock, Consumer<String> notices, String commandId,
                       List<String> argv) {
        if (branch.isEmpty()) {
            return;
        }
        SessionBranch b = branch.get();
        try {
            b.commit("airlock " + commandId + ": " + String.join(" ", argv), "Made by Airlock from what command " + commandId
                    + " left in the session's tree.").ifPresent(c -> {
                        audit.append(new AuditEvent.BranchChanged(clock.instant(), "committed", b.name(), b.repository().toString(),
                                Optional.of(commandId), Optional.of(c.id()), 1));
                        notices.accept(commandId + " committed " + c.shortId() + " on branch " + b.name());
                        c.leftOut().forEach(x -> notices.accept(commandId + " left " + x + " out of the branch's commit"));
                    });
        } catch (AirlockException e) {
            notices.accept(commandId + ": could not commit its work on branch " + b.name() + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
