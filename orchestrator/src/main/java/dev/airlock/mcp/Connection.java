package dev.airlock.mcp;

import dev.airlock.app.AgentSessions;
import dev.airlock.app.Task;
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
    private final java.util.concurrent.CompletableFuture<Task> opening = new java.util.concurrent.CompletableFuture<>();
    private volatile Task session;

    Connection(Setup setup) {
        this.setup = setup;
        this.approver = new ClientApprover(setup.beforeClient(), setup.fallback());
        Thread.ofVirtual().name("airlock-mcp-open").start(() -> {
            try {
                Task s = setup.sessions().open(approver);
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
    Task session() {
        Task s = session;
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

    /** Switches the session to another mode when allowed (hold {@link #exclusive()}); a switch replaces the session. */
    AgentSessions.Switch switchMode(String mode, java.util.Optional<String> why, java.util.Set<String> switchable) {
        var outcome = setup.sessions().switchMode(session(), mode, why, switchable, approver);
        if (outcome instanceof AgentSessions.Switched s) {
            session = s.task();
        }
        return outcome;
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
        Task s;
        try {
            s = session();
        } catch (RuntimeException e) {
            return; // it never opened: nothing to close
        }
        try {
            if (setup.newSession()) {
                s.end();
            }
        } finally {
            s.close();
        }
    }
}
