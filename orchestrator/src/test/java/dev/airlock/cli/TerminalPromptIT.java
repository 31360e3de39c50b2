package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.testing.Jar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code airlock run} under a pseudo-terminal ({@code script}): the prompt appears on the terminal
 * while the command's stdin is a pipe, and the person's answer there decides.
 */
class TerminalPromptIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Process process;
    final StringBuilder screen = new StringBuilder();

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private void start(String script) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux script");
        String airlock = Jar.command("run", "--mode", "read-only", "--workspace", workspace.toString(), "--", "sh", "-c", script)
                .stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qfec", "echo from-the-pipe | " + airlock, "/dev/null");
        pb.environment().put("AIRLOCK_STATE_DIR", state.toString());
        pb.environment().put("SHELL", "/bin/sh");
        pb.redirectErrorStream(true);
        process = pb.start();
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

    private void awaitScreen(String text) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        synchronized (screen) {
            while (!screen.toString().contains(text)) {
                long left = Duration.between(Instant.now(), until).toMillis();
                if (left <= 0) {
                    throw new AssertionError("the terminal never showed '" + text + "':\n" + screen);
                }
                screen.wait(Math.min(left, 500));
            }
        }
    }

    private void type(String keys) throws IOException {
        process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    @Test
    void yesOnTheTerminalRunsTheCommandWithItsPipedInput() throws Exception {
        start("cat > piped.txt");

        awaitScreen("Answer [y/");
        assertThat(screen.toString()).contains("workspace-write").contains("read-only");
        type("y\n");

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(screen.toString()).isZero();
        assertThat(workspace.resolve("piped.txt")).hasContent("from-the-pipe");
    }

    @Test
    void noOnTheTerminalExits77AndRunsNothing() throws Exception {
        start("echo x > never.txt");

        awaitScreen("Answer [y/");
        type("n\n");

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(screen.toString()).isEqualTo(77);
        assertThat(workspace.resolve("never.txt")).doesNotExist();
    }
}
