package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Jar;
import dev.airlock.testing.PseudoTerminal;
import java.io.IOException;
import java.nio.file.Path;
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
    PseudoTerminal terminal;

    @AfterEach
    void stop() {
        if (terminal != null) {
            terminal.close();
        }
    }

    /** airlock run in read-only mode under a terminal, with "from-the-pipe" on its stdin. */
    private void start(String script) throws IOException {
        String airlock = Jar.command("run", "--mode", "read-only", "--workspace", workspace.toString(), "--", "sh", "-c", script)
                .stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        terminal = PseudoTerminal.start("echo from-the-pipe | " + airlock, java.util.Map.of("AIRLOCK_STATE_DIR", state.toString()));
    }

    @Test
    void yesOnTheTerminalRunsTheCommandWithItsPipedInput() throws Exception {
        start("cat > piped.txt");

        terminal.await("Answer [y/", 1);
        assertThat(terminal.screen()).contains("workspace-write").contains("read-only");
        terminal.type("y\n");

        assertThat(terminal.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(terminal.process().exitValue()).as(terminal.screen()).isZero();
        assertThat(workspace.resolve("piped.txt")).hasContent("from-the-pipe");
    }

    @Test
    void noOnTheTerminalExits77AndRunsNothing() throws Exception {
        start("echo x > never.txt");

        terminal.await("Answer [y/", 1);
        terminal.type("n\n");

        assertThat(terminal.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(terminal.process().exitValue()).as(terminal.screen()).isEqualTo(77);
        assertThat(workspace.resolve("never.txt")).doesNotExist();
    }
}
