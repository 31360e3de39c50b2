package dev.airlock.mcp;

import dev.airlock.audit.AuditEvent;
import dev.airlock.profile.Profile;
import dev.airlock.session.Session;
import dev.airlock.session.SessionInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One client connection's state: its session (replaced by a continuation of itself when the mode changes), the
 * approver that asks through the client, and domains approved for the next command only. Tools that run in or
 * read the session hold it {@link #shared()}; a mode change or a rollback needs it {@link #exclusive()}, and is
 * refused rather than made to wait while a command runs.
 */
final class Connection implements AutoCloseable {

    /** A hold on the session, released by {@link #close()}. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private final Setup setup;
    private final ClientApprover approver;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<String> onceDomains = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger commands = new java.util.concurrent.atomic.AtomicInteger();
    // the session opens (engine, warm container) while the client initializes: initialize is answered at once
    private final java.util.concurrent.CompletableFuture<Session> opening = new java.util.concurrent.CompletableFuture<>();
    private volatile Session session;

    Connection(Setup setup) {
        this.setup = setup;
        this.approver = new ClientApprover(setup.beforeClient(), setup.fallback());
        Thread.ofVirtual().name("airlock-mcp-open").start(() -> {
            try {
                Session s = setup.sessions().open(approver);
                opening.complete(s);
                setup.notices().accept("MCP server on stdio: session " + s.id().value() + " (mode " + s.mode().name()
                        + ") on " + s.info().workspace());
            } catch (Throwable t) {
                opening.completeExceptionally(t);
                setup.notices().accept("the session could not be opened: " + t.getMessage());
            }
        });
    }

    Setup setup() {
        return setup;
    }

    ClientApprover approver() {
        return approver;
    }

    /** The session; the first call waits for it to open, and throws what opening it threw. */
    Session session() {
        Session s = session;
        if (s != null) {
            return s;
        }
        try {
            s = opening.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        synchronized (this) {
            if (session == null) {
                session = s;
            }
            return session;
        }
    }

    Lease shared() {
        lock.readLock().lock();
        return lock.readLock()::unlock;
    }

    /** The session to itself, or empty while other tool calls hold it. */
    Optional<Lease> exclusive() {
        return lock.writeLock().tryLock() ? Optional.of(lock.writeLock()::unlock) : Optional.empty();
    }

    /** Continues the session in another mode (hold {@link #exclusive()}); the audit log records it as a restart. */
    Session switchMode(String mode) {
        Session old = session();
        SessionInfo info = old.info();
        Session next = setup.sessions().reopen(new SessionInfo(info.id(), info.workspace(), mode, info.created(),
                info.branch()), approver);
        var m = next.mode();
        next.audit().append(new AuditEvent.SessionStarted(Instant.now(), info.id().value(), m.name(),
                info.workspace().toString(), m.profile(),
                setup.catalog().reachable(m).stream().map(Profile::name).toList(), List.of()));
        session = next;
        old.close();
        return next;
    }

    /** Counts a running command until the lease is closed. */
    Lease command() {
        commands.incrementAndGet();
        return commands::decrementAndGet;
    }

    synchronized void allowOnce(List<String> domains) {
        onceDomains.addAll(domains);
    }

    /** Domains approved for the next command only; taking them uses them up. */
    synchronized List<String> takeOnceDomains() {
        List<String> out = List.copyOf(onceDomains);
        onceDomains.clear();
        return out;
    }

    synchronized List<String> onceDomains() {
        return List.copyOf(onceDomains);
    }

    /** Ends the session with the connection when the connection started it. */
    @Override
    public void close() {
        Session s;
        try {
            s = session();
        } catch (RuntimeException e) {
            return; // it never opened: nothing to close
        }
        try {
            if (setup.newSession()) {
                s.audit().append(new AuditEvent.SessionEnded(Instant.now()));
            }
        } finally {
            s.close();
        }
    }
}
