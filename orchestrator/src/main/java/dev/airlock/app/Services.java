package dev.airlock.app;

import dev.airlock.runtime.Disposable;
import dev.airlock.runtime.SandboxRuntime;
import dev.airlock.runtime.Sandboxes;
import dev.airlock.session.WarmSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What outlives one command in a process: the engine connection, where disposable runs get their containers
 * (a pool in the server), and the warm sessions. In-process there is one command; in the server, many.
 */
public record Services(SandboxRuntime runtime, Sandboxes disposable, WarmSessions warm) implements AutoCloseable {

    /** For one command in this process: fresh containers, warm sessions that end with the process. */
    public static Services inProcess(SandboxRuntime runtime) {
        return new Services(runtime, new Disposable(runtime), new WarmSessions(Duration.ofMinutes(15)));
    }

    /** For the server: disposable runs take their containers from {@code pool}; warm sessions idle out after {@code sessionIdle}. */
    public static Services serving(SandboxRuntime runtime, Sandboxes pool, Duration sessionIdle) {
        return new Services(runtime, pool, new WarmSessions(sessionIdle));
    }

    /** Removes the containers of warm sessions idle since before {@code now} minus their idle time; returns their ids. */
    public List<String> reapIdle(Instant now) {
        return warm.reap(now);
    }

    /** How many sessions this process keeps warm. */
    public int warmSessions() {
        return warm.list().size();
    }

    /** Ends warm sessions, empties the pool, removes what the runtime still holds. */
    @Override
    public void close() {
        try {
            warm.close();
            disposable.close();
        } finally {
            runtime.close();
        }
    }
}
