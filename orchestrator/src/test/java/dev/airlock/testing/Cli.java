package dev.airlock.testing;

import dev.airlock.app.Console;
import dev.airlock.cli.Airlock;
import dev.airlock.runtime.SandboxRuntime;
import dev.airlock.runtime.docker.DockerRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the {@code airlock} command line in this JVM against the real engine, with captured streams and a
 * state directory of the test's own. One runtime is shared by all tests (it is thread-safe).
 */
public final class Cli {

    private static final SandboxRuntime RUNTIME = DockerRuntime.connect();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RUNTIME::close));
    }

    private final Map<String, String> env = new HashMap<>();
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private Path cwd = Path.of("").toAbsolutePath();

    public Cli(Path stateDir) {
        env.put("AIRLOCK_STATE_DIR", stateDir.toString());
        env.put("TERM", "xterm");
    }

    public static SandboxRuntime runtime() {
        return RUNTIME;
    }

    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The caller's working folder (default: this JVM's), as a shell or an agent that starts airlock would have it. */
    public Cli cwd(Path folder) {
        cwd = folder;
        return this;
    }

    public Cli stdin(String text) {
        stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var console = new Console(stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false, cwd, () -> {
                    throw new java.io.IOException("no terminal in tests");
                });
        int exit = Airlock.commandLine(console, RUNTIME).execute(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** How one invocation ended. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
