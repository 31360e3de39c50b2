package dev.airlock.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.airlock.testing.PseudoTerminal;

/**
 * The terminal prompt under a real pseudo-terminal: {@code script} gives a child JVM a controlling terminal
 * whose keyboard is this test, while the child's stdin is a pipe. The answer must come from the terminal.
 */
class TerminalPtyIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private PseudoTerminal terminal;
    private Process process;

    @AfterEach
    void stop() {
        if (terminal != null) {
            terminal.close();
        }
    }

    private void start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        terminal = PseudoTerminal.start("echo piped-data | \"$PROBE_JAVA\" -cp \"$PROBE_CP\" dev.airlock.approval.TerminalProbe",
                Map.of("PROBE_JAVA", java, "PROBE_CP", System.getProperty("java.class.path")));
        process = terminal.process();
    }

    private void awaitScreen(String text, int times) throws InterruptedException {
        terminal.await(text, times);
    }

    private void type(String keys) throws IOException {
        terminal.type(keys);
    }

    @Test
    void aPersonAnswersOnTheTerminalWhileStdinIsAPipe() throws Exception {
        start();
        awaitScreen("Answer [y/s/n/e]", 1);
        assertThat(terminal.screen()).contains("What will run:").contains("What it affects:").contains("Is it needed:");

        type("e\r");
        awaitScreen("Answer [y/s/n/e]", 2);
        type("s\r");
        awaitScreen("STDIN", 1);

        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String shown = terminal.screen();
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

        assertThat(terminal.screen()).contains("ANSWER Denied[reason=denied on the terminal by probe");
    }
}
