package dev.airlock.runtime.docker;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.airlock.AirlockException;
import dev.airlock.client.ClientProtocol;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every docker-java call goes through here, so a failure says what to do: an engine that cannot be reached
 * names the address and the fix, one that refuses names the first line of why; a call interrupted (Ctrl-C,
 * a vanished client) is a cancellation, never "engine unreachable". Not found and conflict pass as they are,
 * for callers that expect them.
 */
final class EngineCalls {

    private final URI host;

    EngineCalls(URI host) {
        this.host = host;
    }

    /**
     * How many times a request that met a dead pooled connection is sent again. The client pools its connections
     * and never checks an idle one before use; after the engine restarted every pooled one is dead, each fails once
     * and is dropped, so a call tries until it gets a fresh one (or the pool's dead ones are used up).
     */
    private static final int STALE_RETRIES = 32;

    <T> T call(Supplier<T> request) {
        for (int attempt = 0; ; attempt++) {
            try {
                return once(request);
            } catch (AirlockException e) {
                if (attempt >= STALE_RETRIES || !stale(e) || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
            }
        }
    }

    /**
     * A connection the engine closed while it sat in the pool (the engine restarted): the request never reached a
     * live engine, so sending it again on another connection is safe.
     */
    static boolean stale(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            String message = Objects.toString(t.getMessage(), "");
            if (name.endsWith(".NoHttpResponseException") || name.endsWith(".ConnectionClosedException")
                    || t instanceof IOException && (message.contains("Broken pipe") || message.contains("Connection reset"))) {
                return true;
            }
        }
        return false;
    }

    private <T> T once(Supplier<T> request) {
        try {
            return request.get();
        } catch (NotFoundException | ConflictException e) {
            throw e;
        } catch (DockerException e) {
            throw AirlockException.failure("the Docker engine refused a request: " + firstLine(e.getMessage()),
                    "run airlock doctor to check the engine");
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || causedBy(e, InterruptedException.class)
                    || causedBy(e, InterruptedIOException.class) && !causedBy(e, java.net.SocketTimeoutException.class)) {
                Thread.currentThread().interrupt();
                throw cancelled();
            }
            if (causedBy(e, IOException.class)) {
                throw new AirlockException(AirlockException.Kind.FAILURE,
                        "the Docker engine is not reachable at " + host + " (" + rootMessage(e) + ")",
                        unreachableHint(e, host), e);
            }
            throw e;
        }
    }

    /** What a command cancelled while Airlock waited on it (or on the engine for it) ends with. */
    static AirlockException cancelled() {
        return new AirlockException(AirlockException.Kind.CANCELLED, "the command was cancelled and stopped", "");
    }

    /** Sleeps; an interrupt keeps its flag and ends the wait as a cancellation. */
    static void sleep(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled();
        }
    }

    private static String unreachableHint(Throwable e, URI host) {
        String message = rootMessage(e).toLowerCase(java.util.Locale.ROOT);
        // an engine the caller named is theirs to start: nothing runs on another engine instead
        if (!host.toString().equals(ClientProtocol.DEFAULT_ENGINE)) {
            return "start the engine your settings name (DOCKER_HOST, DOCKER_CONTEXT), point them at one that runs, "
                    + "or unset them to use the local engine (" + ClientProtocol.DEFAULT_ENGINE + "); airlock doctor checks";
        }
        if (message.contains("permission denied")) {
            return "you may not use the engine's socket: add yourself to the docker group "
                    + "(sudo usermod -aG docker $USER, then log in again) or run as root";
        }
        return "start the engine: sudo dockerd (or sudo systemctl start docker); "
                + "scripts/airlock installs and starts it when run as root";
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return Objects.toString(root.getMessage(), root.getClass().getSimpleName());
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").trim();
    }
}
