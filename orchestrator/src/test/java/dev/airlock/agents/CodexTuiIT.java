package dev.airlock.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.testing.CodexRig;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Tmux;
import dev.airlock.testing.model.ResponsesServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Codex TUI (pinned by {@code scripts/test-agents}) in a pseudo-terminal (tmux), set up with what
 * {@code airlock init codex} writes and driven by the scripted model on loopback: a command that needs approval
 * shows Airlock's three questions in Codex's own form, a person answers with keys, and the answer decides. A yes
 * runs the command in an Airlock container and the audit names the person through Codex; a no reaches the model
 * as a refusal, with the reason typed into the "why not" form when there is one. A failure shows the screens it saw.
 */
class CodexTuiIT {

    /** Generous: a loaded 2-core machine starts Codex, the Airlock server and a container. */
    static final Duration WAIT = Duration.ofSeconds(150);

    @TempDir
    Path root;

    CodexRig rig;
    Path workspace;
    Path state;
    ResponsesServer model;
    Tmux tui;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed");
        rig = CodexRig.under(root, WAIT);
        workspace = rig.workspace;
        state = rig.state;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tui != null) {
            tui.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aYesWithKeysInCodexsFormRunsTheCommandInAnAirlockContainer() throws Exception {
        start("rm -rf old && echo removed-it");
        String form = question();
        tui.remember("the question");
        assertThat(workspace.resolve("old/a.txt")).as("nothing ran before the answer").exists();
        assertThat(form).contains("Yes, this once");

        tui.press("Enter"); // the first choice: yes, this once

        String output = toolOutput();
        assertThat(output).contains("removed-it", "\"exitCode\":0");
        assertThat(workspace.resolve("old")).doesNotExist();
        String audit = audit();
        assertThat(audit).as("the person answered through Codex's form").contains("user via codex")
                .doesNotContain("airlock approve");
        assertThat(audit).contains("\"type\":\"command\"", "rm -rf old");
        String container = audit.replaceAll("(?s).*\"containerId\":\"([0-9a-f]+)\".*", "$1");
        assertThat(Engine.allContainers()).as("the command ran in an Airlock container of the session")
                .anySatisfy(c -> assertThat(c.id()).isEqualTo(container))
                .filteredOn(c -> c.id().equals(container)).allSatisfy(c -> assertThat(c.labels())
                        .containsEntry("dev.airlock", "true").containsKey("dev.airlock.session"));
    }

    @Test
    void aNoWithKeysReachesTheModelAsARefusal() throws Exception {
        start("rm -rf old && echo removed-it");
        question();
        tui.remember("the question");

        tui.press("Down"); // to No (a yes for the session is not offered for a delete)
        tui.remember("No chosen");
        tui.press("Enter");
        tui.waitFor(WAIT, "Why not?");
        tui.remember("why not");
        // Esc skips the reason: Codex 0.171.0 ignores Enter on an empty text field, required or not
        tui.press("Escape");

        String output = toolOutput();
        assertThat(output).contains("\"denied\":true", "the user said no", "Nothing ran");
        assertThat(workspace.resolve("old/a.txt")).hasContent("stale\n");
        assertThat(audit()).contains("user via codex", "the user said no");
    }

    @Test
    void aReasonTypedIntoTheWhyNotFormReachesTheModel() throws Exception {
        start("rm -rf old");
        question();
        tui.press("Down", "Enter");
        tui.waitFor(WAIT, "Why not?");
        // as with the first form: typed before the field takes keys, the reason was lost (one CI run), and the form
        // then waited out its time with an empty field that Enter does not submit
        Thread.sleep(1_000);
        tui.type("keep old, it is mine");
        tui.waitFor(WAIT, "keep old, it is mine");
        tui.remember("reason typed");
        tui.press("Enter");

        assertThat(toolOutput()).contains("\"denied\":true", "keep old, it is mine");
        assertThat(workspace.resolve("old/a.txt")).exists();
    }

    // --- helpers

    /** Codex's user config as CodexIT's (the scripted model, the trusted project), airlock init codex, then the TUI. */
    void start(String command) throws Exception {
        model = rig.configure(ResponsesServer.start("run_command", Map.of("command", command, "justification", "the old build is stale")),
                "--scope", "user");
        tui = Tmux.start(rig.bin.resolve("tty"), workspace, rig.env(Map.of("PATH", System.getenv("PATH"))),
                List.of("node", rig.codex.toString(), "-C", workspace.toString(), "do the task"));
    }

    /** Waits for Airlock's question in Codex's form and checks it says what will run, what it affects and why. */
    String question() throws InterruptedException {
        String form = tui.waitFor(WAIT, "What will run: bash -c 'rm -rf old", "What it affects: DESTRUCTIVE",
                "Is it needed: the agent says \"the old build is stale\"", "enter to submit");
        // the form is drawn before its keys are bound: a key pressed in that moment can close it unanswered
        Thread.sleep(1_000);
        return form;
    }

    /** Waits for the tool's result to reach the model. */
    String toolOutput() {
        boolean reached = tui.until(WAIT, () -> !model.toolOutputs.isEmpty());
        assertThat(reached).as(() -> "the result reaches the model; the terminal shows:\n" + tui.screen() + "\n" + tui.history()
                + "\n--- the audit:\n" + quietly(this::audit) + "\n--- the server's log:\n" + quietly(this::serverLog)).isTrue();
        return model.toolOutputs.getFirst();
    }

    String serverLog() throws IOException {
        Path log = state.resolve("server.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(none)";
    }

    interface Text {
        String read() throws IOException;
    }

    static String quietly(Text text) {
        try {
            return text.read();
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    String audit() throws IOException {
        return rig.audit();
    }
}
