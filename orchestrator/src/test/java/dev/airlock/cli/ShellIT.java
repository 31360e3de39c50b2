package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.testing.Jar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 5 with a real pseudo-terminal (python's pty module drives the real CLI, so the test can resize
 * the window): {@code airlock shell} gives a TTY in the sandbox whose size follows the window, Ctrl-C reaches
 * the shell, the exit status comes out, and the session logs and checkpoints what it changed.
 */
class ShellIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    @TempDir
    Path scratch;
    Process process;
    final StringBuilder screen = new StringBuilder();

    @BeforeEach
    void python() {
        assumeTrue(Stream.of("/usr/bin/python3", "/usr/local/bin/python3").anyMatch(p -> Files.isExecutable(Path.of(p)))
                || System.getenv("PATH").contains("python"), "needs python3 for its pty module");
    }

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void aShellInTheSandboxHasATerminalThatFollowsTheWindowAndTakesCtrlC() throws Exception {
        Files.writeString(workspace.resolve("app.txt"), "v1\n");
        start("shell", "--workspace", workspace.toString());
        await("(airlock workspace-write)", 1);

        type("tty; stty size; cat app.txt; echo listed\r");
        await("\nlisted", 1);
        assertThat(screen()).contains("/dev/pts/").contains("30 100").contains("v1");

        resize(40, 120);
        Instant until = Instant.now().plus(WAIT);
        while (!screen().contains("40 120") && Instant.now().isBefore(until)) {
            type("stty size\r");
            Thread.sleep(500);
        }
        assertThat(screen()).contains("40 120");

        type("sleep 60\r");
        Thread.sleep(1000);
        type("\u0003");
        type("echo after-$?\r");
        await("after-130", 1);

        type("echo made > made.txt; exit 7\r");
        await("EXIT ", 1);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(screen()).contains("EXIT 7").contains("1 file(s) changed");
        assertThat(workspace.resolve("made.txt")).hasContent("made\n");
        String audit = audit();
        assertThat(audit).contains("\"type\":\"shell\"").contains("\"exitCode\":7").contains("made.txt")
                .contains("\"type\":\"checkpoint\"");
    }

    @Test
    void aShellCannotWriteProtectedPathsEither() throws Exception {
        new ProcessBuilder("git", "init", "-q", workspace.toString()).start().waitFor();
        start("shell", "--workspace", workspace.toString());
        await("(airlock workspace-write)", 1);

        type("echo 'touch /tmp/x' > .git/hooks/pre-commit; echo rc=$?; exit\r");
        await("EXIT ", 1);
        assertThat(screen()).contains("Read-only file system").contains("rc=1").contains("EXIT 0");
        assertThat(workspace.resolve(".git/hooks/pre-commit")).doesNotExist();
    }

    @Test
    void runWithAnInteractiveShellSaysToUseAirlockShell() throws Exception {
        start("run", "--workspace", workspace.toString(), "--", "bash");

        await("EXIT ", 1);
        assertThat(screen()).contains("would read the end of its input and exit at once").contains("airlock shell")
                .contains("EXIT 2");
    }

    private void start(String... args) throws IOException {
        Path driver = scratch.resolve("pty-driver.py");
        try (InputStream in = ShellIT.class.getResourceAsStream("/dev/airlock/testing/pty-driver.py")) {
            Files.write(driver, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of("python3", driver.toString()));
        cmd.addAll(Jar.command(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("AIRLOCK_STATE_DIR", state.toString());
        pb.environment().put("TERM", "xterm");
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
                // the driver ended
            }
        });
    }

    private void type(String keys) throws IOException {
        send("K " + Base64.getEncoder().encodeToString(keys.getBytes(StandardCharsets.UTF_8)));
    }

    private void resize(int rows, int columns) throws IOException {
        send("R " + rows + " " + columns);
    }

    private void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private String screen() {
        synchronized (screen) {
            return screen.toString();
        }
    }

    private void await(String text, int times) throws InterruptedException {
        Instant until = Instant.now().plus(WAIT);
        synchronized (screen) {
            while (screen.toString().split(Pattern.quote(text), -1).length - 1 < times) {
                long left = Duration.between(Instant.now(), until).toMillis();
                if (left <= 0) {
                    throw new AssertionError("the terminal never showed '" + text + "':\n" + screen);
                }
                screen.wait(Math.min(left, 500));
            }
        }
    }

    private String audit() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(state)) {
            for (Path p : files.filter(f -> f.getFileName().toString().equals("audit.jsonl")).toList()) {
                all.append(Files.readString(p));
            }
        }
        return all.toString();
    }
}
