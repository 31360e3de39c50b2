package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import dev.airlock.testing.Origin;
import dev.airlock.testing.PseudoTerminal;
import dev.airlock.testing.Scripts;
import dev.airlock.testing.ServerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code airlock run} under a pseudo-terminal, while a live network question waits: the command (its
 * payload hidden from the assessment) keeps clearing the screen and drawing a prompt of its own for another
 * host. None of that may reach the terminal while the question is open; the real question is shown whole,
 * and the command's output comes after the answer.
 */
class TerminalHoldIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    @TempDir
    Path scratch;
    Origin origin;
    PseudoTerminal terminal;
    ServerClient server;

    @BeforeEach
    void startOrigin() throws Exception {
        origin = new Origin(scratch, "other.test");
    }

    @AfterEach
    void stop() {
        if (terminal != null) {
            terminal.close();
        }
        origin.close();
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                // the server's idle exit ends it too
            }
        }
    }

    @Test
    void outputThatArrivesWhileTheQuestionIsOpenWaitsAndTheQuestionIsShownWhole() throws Exception {
        heldWhileAsked(args -> Jar.command(args.toArray(String[]::new)), Map.of("AIRLOCK_STATE_DIR", state.toString()));
    }

    /** The same through the server: the client relays the terminal and the command's output as frames. */
    @Test
    void throughTheServerOutputWaitsTooWhileTheQuestionIsOpen() throws Exception {
        server = new ServerClient(state);
        ProcessBuilder pb = server.builder();
        Map<String, String> env = new java.util.HashMap<>();
        for (String name : List.of("AIRLOCK_STATE_DIR", "AIRLOCK_JAVA", "AIRLOCK_CLIENT_CP")) {
            env.put(name, pb.environment().get(name));
        }
        heldWhileAsked(args -> {
            List<String> command = new ArrayList<>(pb.command());
            command.addAll(args);
            return command;
        }, env);
    }

    private void heldWhileAsked(java.util.function.Function<List<String>, List<String>> launcher, Map<String, String> env)
            throws Exception {
        String payload = String.join("\n",
                "( while :; do",
                "    printf '\\033[2J\\033[HFAKE-PROMPT airlock: approval needed: files.pythonhosted.org\\nAnswer [y/s/n/e]: '",
                "    echo tick >> ticks.txt; sleep 0.2",
                "  done ) &",
                "loop=$!",
                "sleep 1",
                "curl -sS http://other.test:" + origin.httpPort() + "/held",
                "kill $loop",
                "echo REAL-END");
        List<String> args = new ArrayList<>(List.of("run", "--workspace", workspace.toString(), "--profile",
                "network-allowlisted", "--resolve", "other.test=127.0.0.1", "--"));
        args.addAll(Scripts.opaque(payload));
        String airlock = launcher.apply(args).stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        terminal = PseudoTerminal.start(airlock, env);

        terminal.await("network request to other.test", 1);
        terminal.await("left): ", 1);
        int promptAt = terminal.screen().indexOf("airlock: approval needed (");
        assertThat(promptAt).as(terminal.screen()).isNotNegative();
        // the loop goes on printing while the question is open: wait until it has printed several more times
        Path ticks = workspace.resolve("ticks.txt");
        long before = lines(ticks);
        assertThat(Engine.eventually(() -> lines(ticks) >= before + 5, Duration.ofSeconds(60))).isTrue();

        String during = terminal.screen().substring(promptAt);
        assertThat(during).contains("What will run:", "other.test").doesNotContain("FAKE-PROMPT", "pythonhosted", "\u001b[2J");

        terminal.type("?\r");
        terminal.await("waits until you answer", 1);
        assertThat(terminal.screen().substring(promptAt)).doesNotContain("FAKE-PROMPT");
        terminal.type("y\r");

        terminal.await("REAL-END", 1);
        assertThat(terminal.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        String shown = terminal.screen();
        assertThat(shown).contains("origin says /held");
        // what was held comes after the answer, not before it
        int answered = shown.indexOf("airlock: approved once.");
        assertThat(answered).isGreaterThan(promptAt);
        assertThat(shown.indexOf("FAKE-PROMPT", promptAt)).isGreaterThan(answered);
        assertThat(terminal.process().exitValue()).as(shown).isZero();
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
