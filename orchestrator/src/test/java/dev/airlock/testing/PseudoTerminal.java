package dev.airlock.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A shell command under a real pseudo-terminal ({@code script}): what it shows is collected as the screen,
 * and the test types on its keyboard. Its controlling terminal is this one, whatever its stdin is.
 */
public final class PseudoTerminal implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final StringBuilder screen = new StringBuilder();

    private PseudoTerminal(Process process) {
        this.process = process;
        InputStream out = process.getInputStream();
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = out.read(buffer)) >= 0; ) {
                    synchronized (screen) {
                        screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        screen.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    /** Runs a shell command line under {@code script}; skips the test where util-linux's script is missing. */
    public static PseudoTerminal start(String commandLine, Map<String, String> env) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux script");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qfec", commandLine, "/dev/null");
        pb.environment().putAll(env);
        pb.environment().put("SHELL", "/bin/sh");
        pb.redirectErrorStream(true);
        return new PseudoTerminal(pb.start());
    }

    /** Runs any command that makes a terminal of its own (a pty driver), its output collected as the screen. */
    public static PseudoTerminal of(ProcessBuilder pb) throws IOException {
        return new PseudoTerminal(pb.redirectErrorStream(true).start());
    }

    /** Waits (bounded) until the screen shows {@code text} {@code times} times. */
    public void await(String text, int times) throws InterruptedException {
        Instant until = Instant.now().plus(WAIT);
        synchronized (screen) {
            while (screen.toString().split(Pattern.quote(text), -1).length - 1 < times) {
                long left = Duration.between(Instant.now(), until).toMillis();
                if (left <= 0) {
                    throw new AssertionError("the terminal never showed '" + text + "' " + times + "x:\n" + screen);
                }
                screen.wait(Math.min(left, 500));
            }
        }
    }

    public void type(String keys) throws IOException {
        OutputStream keyboard = process.getOutputStream();
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    public String screen() {
        synchronized (screen) {
            return screen.toString();
        }
    }

    public Process process() {
        return process;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
