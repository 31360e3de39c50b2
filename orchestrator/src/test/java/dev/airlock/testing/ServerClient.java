package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code airlock} as a user does through the launcher: the native client when gcc can build it (else the
 * Java client), against a server of the test's own state folder, which the first command starts.
 */
public final class ServerClient implements AutoCloseable {

    private final Path state;
    private final List<String> client;
    private final Map<String, String> env;

    public ServerClient(Path state) throws IOException, InterruptedException {
        this(state, Map.of());
    }

    /** With environment variables for every command and so for the server the first one starts ({@code AIRLOCK_POOL_*}). */
    public ServerClient(Path state, Map<String, String> env) throws IOException, InterruptedException {
        this.state = state;
        this.client = clientCommand();
        this.env = Map.copyOf(env);
    }

    /** The native client, built from its source into target/ once, or the Java client. */
    private static List<String> clientCommand() throws IOException, InterruptedException {
        Path jar = Jar.path();
        Path source = jar.getParent().getParent().resolve("src/main/c/airlock-client.c");
        Path binary = jar.getParent().resolve("airlock-client-test");
        boolean stale = !Files.isExecutable(binary)
                || Files.exists(source) && Files.getLastModifiedTime(source).compareTo(Files.getLastModifiedTime(binary)) > 0;
        if (stale && Files.exists(source)) {
            Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString(), "-lpthread")
                    .redirectErrorStream(true).start();
            gcc.getInputStream().readAllBytes();
            gcc.waitFor(60, TimeUnit.SECONDS);
        }
        if (Files.isExecutable(binary)) {
            return List.of(binary.toString());
        }
        return List.of(Jar.java().toString(), "-cp", jar.toString(), "dev.airlock.client.Client");
    }

    /** The client program and its first arguments, as a launcher would exec it. */
    public List<String> command() {
        return client;
    }

    /**
     * Writes what scripts/airlock does, without its build checks, to {@code file}: the client, able to start the
     * server, for programs that start airlock themselves (an agent's MCP config, airlock-sh). Returns the file.
     */
    public Path launcher(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexport AIRLOCK_JAVA='" + Jar.java() + "' AIRLOCK_CLIENT_CP='" + Jar.path()
                + "'\nexec " + String.join(" ", client.stream().map(a -> "'" + a + "'").toList()) + " \"$@\"\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    public ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>(client);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.putAll(this.env);
        env.put("AIRLOCK_STATE_DIR", state.toString());
        env.put("AIRLOCK_JAVA", Jar.java().toString());
        env.put("AIRLOCK_CLIENT_CP", Jar.path().toString());
        return pb;
    }

    public Cli.Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs the client with more environment (the source of {@code --env} values). */
    public Cli.Result run(Map<String, String> extraEnv, String... args) {
        try {
            ProcessBuilder builder = builder(args);
            builder.environment().putAll(extraEnv);
            Process p = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            var err = new StringBuilder();
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the process ended
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("airlock " + String.join(" ", args) + " did not end");
            }
            drain.join();
            return new Cli.Result(p.exitValue(), out, err.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's pid, once one runs. */
    public long serverPid() throws IOException {
        return Long.parseLong(Files.readString(state.resolve("server.pid")).trim());
    }

    /** Stops the server (as its idle exit would) and waits for it. */
    @Override
    public void close() throws Exception {
        Path pid = state.resolve("server.pid");
        if (Files.exists(pid)) {
            var handle = ProcessHandle.of(serverPid());
            handle.ifPresent(ProcessHandle::destroy);
            if (handle.isPresent()) {
                handle.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
