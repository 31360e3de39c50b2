package dev.airlock.app;

import dev.airlock.approval.Approver;
import dev.airlock.audit.AuditEvent;
import dev.airlock.audit.LogContents;
import dev.airlock.audit.AuditLog;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Mode;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.session.CommandRequest;
import dev.airlock.session.RunResult;
import dev.airlock.session.Session;
import dev.airlock.session.SessionId;
import dev.airlock.session.SessionInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An open session as the faces use it: its operations (execute, preview, request domains, widen the mode,
 * diff, rollback, report, end), each for the caller that opened it unless a command names its own.
 */
public final class Task implements AutoCloseable {

    private final Application app;
    private final Session session;
    private final Session.Caller caller;

    Task(Application app, Session session, Session.Caller caller) {
        this.app = app;
        this.session = session;
        this.caller = caller;
    }

    public SessionId id() {
        return session.id();
    }

    public SessionInfo info() {
        return session.info();
    }

    public Mode mode() {
        return session.mode();
    }

    /** The profiles, modes and rules the session judges by. */
    public Catalog catalog() {
        return session.catalog();
    }

    Session session() {
        return session;
    }

    /** Runs one command for the caller that opened the session; its output streams to {@code io}. */
    public RunResult execute(CommandRequest request, ProcessIO io) {
        return session.execute(request, io, caller);
    }

    /** Runs one command for {@code caller}: its approvers are asked, its environment is the command's. */
    public RunResult execute(CommandRequest request, ProcessIO io, Session.Caller caller) {
        return session.execute(request, io, caller);
    }

    /** A person's interactive shell in the session's sandbox ({@code airlock shell}): checkpointed, guarded, audited. */
    public dev.airlock.session.Shell.Ended shell(List<String> argv, dev.airlock.runtime.TerminalIO terminal) {
        return dev.airlock.session.Shell.run(session, argv, terminal);
    }

    /** What {@code argv} needs and what the session would do, with its grants and {@code onceDomains}; nothing runs. */
    public Preview preview(List<String> argv, List<String> onceDomains) {
        return Preview.of(session, session.catalog(), argv, onceDomains);
    }

    /** Asks {@code approver} for network access to {@code domains}, for the session or the next command. */
    public DomainRequest.Outcome requestDomains(List<String> domains, String why, Approver approver, Duration approvalTimeout,
                                                Consumer<String> notices) {
        return DomainRequest.ask(session, session.catalog(), domains, why,
                new Session.Caller(approver, approvalTimeout, notices, caller.hostEnv()));
    }

    /**
     * Asks a person, through the opening caller's approvers, whether the session may continue in {@code target},
     * a mode that gives more: only a person's yes counts; the answer, either way, is in the audit log.
     */
    public boolean askToWiden(Mode target, Optional<String> why) {
        return session.askToWiden(target, why, caller);
    }

    /** Diff and rollback over the session's checkpoints. */
    public Undo undo() {
        return new Undo(session.info(), session.checkpoints(), session.audit().file(), session.audit()::append);
    }

    /** The session's audit log as it is now, for the report. */
    public LogContents audit() {
        return AuditLog.read(session.audit().file());
    }

    /** Records that the session ended (its state stays for diff, rollback and report). */
    public void end() {
        session.audit().append(new AuditEvent.SessionEnded(Instant.now()));
    }

    /** Ends this process's hold on the session: its warm containers and proxy go; its state stays on disk. */
    @Override
    public void close() {
        session.close();
    }

    Application app() {
        return app;
    }
}
