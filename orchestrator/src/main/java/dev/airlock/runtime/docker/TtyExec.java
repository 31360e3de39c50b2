package dev.airlock.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectExecResponse;
import dev.airlock.AirlockException;
import dev.airlock.runtime.ExecOutcome;
import dev.airlock.runtime.ExecSpec;
import dev.airlock.runtime.TerminalIO;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One command on a terminal of its own in a sandbox (the exec API with {@code Tty}): the engine makes the
 * pseudo-terminal inside, the stream carries raw bytes both ways (no stdout/stderr framing), and the window's
 * size is sent at the start and at every change.
 */
final class TtyExec {

    private final DockerClient client;
    private final EngineSocket socket;

    TtyExec(DockerClient client, EngineSocket socket) {
        this.client = client;
        this.socket = socket;
    }

    ExecOutcome run(String containerId, String user, ExecSpec exec, TerminalIO terminal) {
        long started = System.nanoTime();
        List<String> env = new ArrayList<>();
        exec.env().forEach((k, v) -> env.add(k + "=" + v));
        List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "--"));
        argv.addAll(exec.argv());
        String execId;
        try {
            execId = client.execCreateCmd(containerId).withCmd(argv.toArray(String[]::new)).withUser(user).withEnv(env)
                    .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).withTty(true).exec().getId();
        } catch (RuntimeException e) {
            throw AirlockException.failure("could not open a terminal in the sandbox: " + e.getMessage(), "run airlock doctor");
        }
        try (EngineStream stream = socket.upgrade("POST", "/exec/" + execId + "/start", "{\"Detach\":false,\"Tty\":true}")) {
            resize(execId, terminal);
            terminal.onResize(() -> resize(execId, terminal));
            Thread keys = Thread.ofPlatform().daemon().name("airlock-keys").start(() -> keys(terminal.keys(), stream));
            screen(stream, terminal.screen());
            keys.interrupt();
        } catch (IOException e) {
            throw AirlockException.failure("lost the terminal's stream: " + e.getMessage(), "check the engine is still running (airlock doctor)");
        }
        return new ExecOutcome(exitCode(execId), false, false, 0, 0, false, Duration.ofNanos(System.nanoTime() - started));
    }

    private void resize(String execId, TerminalIO terminal) {
        try {
            TerminalIO.Size size = terminal.size();
            client.resizeExecCmd(execId).withSize(size.rows(), size.columns()).exec();
        } catch (RuntimeException e) {
            // the command ended a moment ago, or the engine has not started it yet: the next change tries again
        }
    }

    private static void keys(InputStream in, EngineStream stream) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                EngineSocket.writeFully(stream, ByteBuffer.wrap(buffer, 0, n));
            }
            stream.shutdownOutput();
        } catch (IOException e) {
            // the command ended and its stream closed
        }
    }

    private static void screen(EngineStream stream, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        while (stream.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            out.flush();
            buffer.clear();
        }
    }

    private int exitCode(String execId) {
        for (int attempt = 0; attempt < 400; attempt++) {
            InspectExecResponse inspect = client.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(inspect.isRunning()) && inspect.getExitCodeLong() != null) {
                return inspect.getExitCodeLong().intValue();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw AirlockException.failure("the engine did not say how the shell ended", "run airlock doctor");
    }
}
