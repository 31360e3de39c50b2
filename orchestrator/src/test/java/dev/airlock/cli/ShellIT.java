package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.testing.Audits;
import dev.airlock.testing.Jar;
import dev.airlock.testing.PseudoTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path root;
    PseudoTerminal terminal;

    @BeforeEach
    void python() throws IOException {
        Files.createDirectories(workspace());
        assumeTrue(Stream.of("/usr/bin/python3", "/usr/local/bin/python3").anyMatch(p -> Files.isExecutable(Path.of(p)))
                || System.getenv("PATH").contains("python"), "needs python3 for its pty module");
    }

    /** The workspace the shell works on, in the test's folder (Airlock's state is beside it). */
    private Path workspace() {
        return root.resolve("workspace");
    }

    @AfterEach
    void stop() {
        if (terminal != null) {
            terminal.close();
        }
    }

    @Test
    void aShellInTheSandboxHasATerminalThatFollowsTheWindowAndTakesCtrlC() throws Exception {
        Files.writeString(workspace().resolve("app.txt"), "v1\n");
        start("shell", "--workspace", workspace().toString());
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
        assertThat(terminal.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(screen()).contains("EXIT 7").contains("1 file(s) changed");
        assertThat(workspace().resolve("made.txt")).hasContent("made\n");
        String audit = audit();
        assertThat(audit).contains("\"type\":\"shell\"").contains("\"exitCode\":7").contains("made.txt")
                .contains("\"type\":\"checkpoint\"");
    }

    @Test
    void aShellCannotWriteProtectedPathsEither() throws Exception {
        new ProcessBuilder("git", "init", "-q", workspace().toString()).start().waitFor();
        start("shell", "--workspace", workspace().toString());
        await("(airlock workspace-write)", 1);

        type("echo 'touch /tmp/x' > .git/hooks/pre-commit; echo rc=$?; exit\r");
        await("EXIT ", 1);
        assertThat(screen()).contains("Read-only file system").contains("rc=1").contains("EXIT 0");
        assertThat(workspace().resolve(".git/hooks/pre-commit")).doesNotExist();
    }

    @Test
    void runWithAnInteractiveShellSaysToUseAirlockShell() throws Exception {
        start("run", "--workspace", workspace().toString(), "--", "bash");

        await("EXIT ", 1);
        assertThat(screen()).contains("would read the end of its input and exit at once").contains("airlock shell")
                .contains("EXIT 2");
    }

    private void start(String... args) throws IOException {
        Path driver = root.resolve("pty-driver.py");
        try (InputStream in = ShellIT.class.getResourceAsStream("/dev/airlock/testing/pty-driver.py")) {
            Files.write(driver, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of("python3", driver.toString()));
        cmd.addAll(Jar.command(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("AIRLOCK_STATE_DIR", root.resolve("state").toString());
        pb.environment().put("TERM", "xterm");
        terminal = PseudoTerminal.of(pb);
    }

    private void type(String keys) throws IOException {
        send("K " + Base64.getEncoder().encodeToString(keys.getBytes(StandardCharsets.UTF_8)));
    }

    private void resize(int rows, int columns) throws IOException {
        send("R " + rows + " " + columns);
    }

    private void send(String line) throws IOException {
        terminal.type(line + "\n");
    }

    private String screen() {
        return terminal.screen();
    }

    private void await(String text, int times) throws InterruptedException {
        terminal.await(text, times);
    }

    /** Every audit log line the test's state folder holds. */
    private String audit() throws IOException {
        return Audits.all(root.resolve("state"));
    }
}
