package dev.airlock.cli;

import java.util.Map;
import java.util.Optional;

/**
 * What to say when the caller's engine settings are not the ones in use: the Airlock server keeps the engine it
 * was started with, so a {@code DOCKER_HOST} set later in the caller's shell would be ignored without a word.
 */
final class EngineNotes {

    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private EngineNotes() {
    }

    /** The engine an environment names. */
    static String host(Map<String, String> env) {
        String host = env.get("DOCKER_HOST");
        return host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
    }

    /** A note when the caller names another engine than the server's (pid {@code pid}) uses. */
    static Optional<String> serverEngine(Map<String, String> caller, Map<String, String> server, long pid) {
        String wanted = host(caller);
        String used = host(server);
        if (wanted.equals(used)) {
            return Optional.empty();
        }
        return Optional.of("DOCKER_HOST here names " + wanted + ", but the Airlock server (pid " + pid + ") uses " + used
                + ", the engine it was started with, and this command runs there; to use yours, stop the server (kill " + pid
                + "; the next command starts one with your settings) or run with AIRLOCK_NO_SERVER=1");
    }
}
