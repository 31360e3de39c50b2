package dev.airlock.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The sessions a process keeps warm (their containers running between commands), with when each was last
 * used. A session idle longer than the idle time is ended: its containers go, its state stays on disk, and the
 * next command of it warms it up again.
 */
public final class WarmSessions implements AutoCloseable {

    private record Entry(Session session, Instant lastUsed, int busy) {
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Duration idle;

    public WarmSessions(Duration idle) {
        this.idle = idle;
    }

    /** The warm session with this id, opening (and keeping) it with {@code open} when it is not warm. */
    public Session use(String id, Supplier<Session> open) {
        return sessions.compute(id, (k, e) -> e == null
                ? new Entry(open.get(), Instant.now(), 1)
                : new Entry(e.session(), Instant.now(), e.busy() + 1)).session();
    }

    /** A command of the session ended. */
    public void done(String id) {
        sessions.computeIfPresent(id, (k, e) -> new Entry(e.session(), Instant.now(), Math.max(0, e.busy() - 1)));
    }

    public void register(Session session) {
        sessions.put(session.id().value(), new Entry(session, Instant.now(), 0));
    }

    public Optional<Session> get(String id) {
        return Optional.ofNullable(sessions.get(id)).map(Entry::session);
    }

    public List<Session> list() {
        return sessions.values().stream().map(Entry::session).toList();
    }

    public boolean isEmpty() {
        return sessions.isEmpty();
    }

    /** Ends one warm session (its containers and proxy); whether it was warm. */
    public boolean stop(String id) {
        Entry e = sessions.remove(id);
        if (e != null) {
            e.session().close();
        }
        return e != null;
    }

    /** Ends the sessions idle longer than the idle time; returns their ids. */
    public List<String> reap(Instant now) {
        List<String> ended = new ArrayList<>();
        sessions.forEach((id, e) -> {
            if (e.busy() == 0 && e.lastUsed().plus(idle).isBefore(now) && sessions.remove(id, e)) {
                e.session().close();
                ended.add(id);
            }
        });
        return ended;
    }

    @Override
    public void close() {
        for (String id : List.copyOf(sessions.keySet())) {
            stop(id);
        }
    }
}
