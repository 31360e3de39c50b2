package dev.airlock.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The terminal prompt under a real pseudo-terminal: {@code script} gives a child JVM a controlling terminal
 * whose keyboard is this test, while the child's stdin is a pipe. The answer must come from the terminal.
 */
class TerminalPtyIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private Process process;
    private final StringBuilder screen = new StringBuilder();

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private void start() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux script");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qfec",
                "echo piped-data | \"$PROBE_JAVA\" -cp \"$PROBE_CP\" dev.airlock.approval.TerminalProbe", "/dev/null");
        builder.environment().put("PROBE_JAVA", java);
        builder.environment().put("PROBE_CP", System.getProperty("java.class.path"));
        builder.environment().put("SHELL", "/bin/sh");
        builder.redirectErrorStream(true);
        process = builder.start();
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

    /** Waits (bounded) until the screen shows {@code text} {@code times} times. */
    private void awaitScreen(String text, int times) throws InterruptedException {
        Instant until = Instant.now().plus(WAIT);
        synchronized (screen) {
            while (screen.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1 < times) {
                long left = Duration.between(Instant.now(), until).toMillis();
                if (left <= 0) {
                    throw new AssertionError("the screen never showed '" + text + "' " + times + "x:\n" + screen);
                }
                screen.wait(Math.min(left, 500));
            }
        }
    }

    private void type(String keys) throws IOException {
        OutputStream keyboard = process.getOutputStream();
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    @Test
    void aPersonAnswersOnTheTerminalWhileStdinIsAPipe() throws Exception {
        start();
        awaitScreen("Answer [y/s/n/e]", 1);
        assertThat(screen.toString()).contains("What will run:").contains("What it affects:").contains("Is it needed:");

        type("e\r");
        awaitScreen("Answer [y/s/n/e]", 2);
        type("s\r");
        awaitScreen("STDIN", 1);

        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String shown = screen.toString();
        assertThat(shown).contains("Reasons:").contains("NETWORK  network: github.test");
        assertThat(shown).contains("ANSWER Approved[scope=SESSION, by=terminal (probe)]");
        assertThat(shown).contains("STDIN piped-data");
        assertThat(List.of(process.exitValue())).containsExactly(0);
    }

    @Test
    void aNoOnTheTerminalDenies() throws Exception {
        start();
        awaitScreen("Answer [y/s/n/e]", 1);
        type("n\r");
        awaitScreen("STDIN", 1);

        assertThat(screen.toString()).contains("ANSWER Denied[reason=denied on the terminal by probe");
    }
}
