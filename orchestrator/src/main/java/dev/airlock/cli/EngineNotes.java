package dev.airlock.cli;

import dev.airlock.client.ClientProtocol;
import java.util.Map;
import java.util.Optional;

/**
 * The engine a caller names and the server's: each server uses the engine it was started with, and the clients
 * pick the server for the caller's engine settings ({@link ClientProtocol#engineKey}); a caller that reached a
 * server of another engine anyway (a hand-made connection, an old client) is refused, never run elsewhere.
 */
final class EngineNotes {

    private EngineNotes() {
    }

    /** The engine an environment names, for messages. */
    static String host(Map<String, String> environment) {
        Map<String, String> env = ClientProtocol.engineSettings(environment);
        String host = env.get("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return host.strip();
        }
        String context = env.get("DOCKER_CONTEXT");
        return context == null || context.isBlank() || context.equals("default") ? ClientProtocol.DEFAULT_ENGINE : "docker context " + context.strip();
    }

    /**
     * Why a caller whose engine settings are not the server's (pid {@code pid}; {@code server} as it read them when
     * it started) is refused, or empty when they match.
     */
    static Optional<String> mismatch(Map<String, String> caller, Map<String, String> server, long pid) {
        if (ClientProtocol.engineKey(ClientProtocol.engineSettings(caller)).equals(ClientProtocol.engineKey(server))) {
            return Optional.empty();
        }
        return Optional.of("not run: your engine settings name " + host(caller) + ", but this Airlock server (pid " + pid
                + ") uses " + host(server) + "; nothing ran on either engine"
                + "\n  what to do: run it through the airlock command, which picks the server of your engine, or run with AIRLOCK_NO_SERVER=1");
    }
}
