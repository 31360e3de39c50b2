package dev.airlock.runtime.docker;

import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.airlock.AirlockException;
import dev.airlock.runtime.ExecSpec;
import dev.airlock.runtime.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command in a sandbox through the exec API, streaming its output over a hijacked connection (so its
 * stdin can be half-closed), bounded by its time limit, and waits for its exit status. A cancel (the thread
 * interrupted) stops what the command started and ends as {@link AirlockException.Kind#CANCELLED}, wherever
 * the wait was: on the stream or on the engine's exit status.
 */
final class Execs {

    private static final Logger log = LoggerFactory.getLogger(Execs.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(3);
    private static final String STREAM = "{\"Detach\":false,\"Tty\":false}";

    /** What exec() reports back beside the output: the exit status and whether the time limit was hit. */
    record Ended(int exitCode, boolean timedOut, StreamDemux demux) {
    }

    private final Engine engine;
    private final Containers containers;
    private final Processes processes;

    Execs(Engine engine, Containers containers, Processes processes) {
        this.engine = engine;
        this.containers = containers;
        this.processes = processes;
    }

    Ended exec(Sandbox sandbox, ExecSpec exec, OutputStream stdout, OutputStream stderr, Optional<InputStream> stdin) {
        String user = Processes.commandUser(sandbox);
        List<String> env = new ArrayList<>();
        exec.env().forEach((k, v) -> env.add(k + "=" + v));
        String execId = engine.calls().call(() -> engine.client().execCreateCmd(sandbox.id())
                // a missing program exits 127 and a non-executable one 126, as in a shell (InSandbox)
                .withCmd(InSandbox.command(sandbox, exec.argv()))
                .withUser(user)
                .withEnv(env)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withAttachStdin(stdin.isPresent())
                .withTty(false)
                .exec()).getId();
        StreamDemux demux = new StreamDemux(stdout, stderr, exec.outputLimit());
        var timedOut = new AtomicBoolean();
        try (EngineStream stream = engine.socket().upgrade("POST", "/exec/" + execId + "/start", STREAM)) {
            if (stdin.isPresent()) {
                InputStream in = stdin.get();
                Thread.ofVirtual().name("airlock-stdin").start(() -> feed(in, stream));
            } else {
                stream.shutdownOutput();
            }
            Thread watchdog = Thread.ofVirtual().name("airlock-timeout").start(() -> {
                try {
                    Thread.sleep(exec.timeout());
                } catch (InterruptedException ended) {
                    return; // the command ended first: the interrupt is how it says so
                }
                timedOut.set(true);
                kill(sandbox, stream);
            });
            try {
                demux.pump(stream);
            } finally {
                watchdog.interrupt();
            }
        } catch (IOException e) {
            if (e instanceof java.nio.channels.ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
                throw cancel(sandbox);
            }
            if (!timedOut.get() && !containers.live(sandbox.id())) {
                throw AirlockException.failure("the sandbox was removed while the command ran", "");
            }
            if (!timedOut.get()) {
                throw AirlockException.failure("lost the command's output stream: " + e.getMessage(),
                        "check the engine is still running (airlock doctor)");
            }
        }
        int exit;
        try {
            exit = exitCode(() -> inspect(execId), timedOut.get());
        } catch (AirlockException e) {
            if (e.kind() == AirlockException.Kind.CANCELLED) {
                throw cancel(sandbox);
            }
            throw sandboxGone(sandbox) ? engineWentAway(e) : e;
        }
        // a container killed under the command (the engine stopped or restarted: no live-restore) ends its exec
        // by a signal, or with no status at all; that is not the command's own exit, and must not pass for one
        if (!timedOut.get() && (exit >= 128 || exit == 125) && sandboxGoing(sandbox)) {
            throw engineWentAway(null);
        }
        return new Ended(exit, timedOut.get(), demux);
    }

    /**
     * Whether the sandbox's container is going away under a command that a signal ended. An engine that is
     * stopping kills the container first and learns of its end a moment later, so for a short while it still
     * reports the container running: asked a few times, a bounded wait that only signal exits pay.
     */
    private boolean sandboxGoing(Sandbox sandbox) {
        for (int i = 0; i < 10; i++) {
            if (sandboxGone(sandbox)) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Whether the sandbox's container no longer runs (or the engine that ran it does not answer). */
    private boolean sandboxGone(Sandbox sandbox) {
        try {
            return containers.initPid(sandbox.id()).isEmpty();
        } catch (AirlockException e) {
            return true;
        }
    }

    /** The sandbox died under the command: almost always the engine stopping or restarting. */
    static AirlockException engineWentAway(Throwable cause) {
        return new AirlockException(AirlockException.Kind.FAILURE,
                "the command was cut short: its sandbox stopped while it ran (the Docker engine stopped or restarted)",
                "run the command again once the engine answers (airlock doctor checks); the session keeps its files,"
                        + " checkpoints and log, and its next command gets a new sandbox", cause);
    }

    /** Runs a short reader as the image's user (the host could not read it) and returns what it printed. */
    String capture(Sandbox sandbox, long limit, String... argv) throws IOException {
        var out = new ByteArrayOutputStream();
        String execId = engine.calls().call(() -> engine.client().execCreateCmd(sandbox.id()).withCmd(argv)
                .withAttachStdout(true).withAttachStderr(true).exec()).getId();
        try (EngineStream stream = engine.socket().upgrade("POST", "/exec/" + execId + "/start", STREAM)) {
            stream.shutdownOutput();
            new StreamDemux(out, OutputStream.nullOutputStream(), limit).pump(stream);
        }
        if (exitCode(() -> inspect(execId), false) != 0) {
            throw new IOException(String.join(" ", argv) + " failed in the sandbox");
        }
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Stops what a cancelled command started (the caller may keep the container) and says it was cancelled. */
    private AirlockException cancel(Sandbox sandbox) {
        // the engine client refuses to work on an interrupted thread: the kill runs with the flag set aside
        Thread.interrupted();
        try {
            processes.killAll(sandbox);
        } catch (RuntimeException e) {
            log.debug("could not kill the cancelled command in {}: {}", sandbox.shortId(), e.toString());
        } finally {
            Thread.currentThread().interrupt();
        }
        return EngineCalls.cancelled();
    }

    private static void feed(InputStream in, EngineStream stream) {
        byte[] buffer = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                EngineSocket.writeFully(stream, ByteBuffer.wrap(buffer, 0, n));
            }
        } catch (IOException e) {
            log.debug("stdin forwarding ended: {}", e.toString());
        }
        try {
            stream.shutdownOutput();
        } catch (IOException ignored) {
            // the command is gone already
        }
    }

    /** Kills every process of the sandbox's command (its only one: a sandbox runs one at a time), then the stream. */
    private void kill(Sandbox sandbox, EngineStream stream) {
        try {
            processes.killAll(sandbox);
            Thread.sleep(KILL_GRACE);
        } catch (InterruptedException e) {
            // the command ended within the grace: the stream is closed by its owner; the flag stays for ours
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            log.debug("could not kill the command in {}: {}", sandbox.shortId(), e.toString());
        }
        // a process that survived (it stopped the killer, say) must not hold the wait: cutting the stream ends it
        try {
            stream.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    /** The engine's view of an exec: its exit status once it has one; empty while it runs. Gone is -1. */
    private Optional<Integer> inspect(String execId) {
        InspectExecResponse inspect;
        try {
            inspect = engine.calls().call(() -> engine.client().inspectExecCmd(execId).exec());
        } catch (NotFoundException e) {
            return Optional.of(-1); // the container is gone with its exec
        }
        if (!Boolean.TRUE.equals(inspect.isRunning()) && inspect.getExitCodeLong() != null) {
            return Optional.of(inspect.getExitCodeLong().intValue());
        }
        return Optional.empty();
    }

    /**
     * Waits for an exec's exit status: the stream ends a moment before the engine records it, so it looks again
     * soon, then less often. An interrupt while it waits is a cancel ({@link AirlockException.Kind#CANCELLED},
     * the flag kept), not a failure.
     */
    static int exitCode(Supplier<Optional<Integer>> inspect, boolean timedOut) {
        for (int attempt = 0; attempt < 200; attempt++) {
            if (Thread.currentThread().isInterrupted()) {
                throw EngineCalls.cancelled();
            }
            Optional<Integer> exit = inspect.get();
            if (exit.isPresent()) {
                return exit.get() >= 0 ? exit.get() : timedOut ? 137 : 125;
            }
            if (timedOut) {
                return 137;
            }
            EngineCalls.sleep(Duration.ofNanos(attempt < 10 ? 250_000L << Math.min(attempt, 3) : 20_000_000L));
        }
        throw AirlockException.failure("the engine did not report the command's exit status", "check airlock doctor");
    }
}
