package dev.airlock.app;

import dev.airlock.runtime.Disposable;
import dev.airlock.runtime.SandboxRuntime;
import dev.airlock.runtime.Sandboxes;
import dev.airlock.session.WarmSessions;
import java.time.Duration;

/**
 * What outlives one command in a process: the engine connection, where disposable runs get their containers
 * (a pool in the server), and the warm sessions. In-process there is one command; in the server, many.
 */
public record Services(SandboxRuntime runtime, Sandboxes disposable, WarmSessions warm) implements AutoCloseable {

    /** For one command in this process: fresh containers, warm sessions that end with the process. */
    public static Services inProcess(SandboxRuntime runtime) {
        return new Services(runtime, new Disposable(runtime), new WarmSessions(Duration.ofMinutes(15)));
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
