package dev.airlock.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.ServerClient;
import dev.airlock.testing.Tmux;
import dev.airlock.testing.model.ModelServer;
import dev.airlock.testing.model.ModelServer.ToolCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Claude Code TUI (pinned by scripts/install-claude-code) in a pseudo-terminal (tmux), set up with
 * {@code airlock init claude-code} as the README says and started as {@code claude --permission-mode default},
 * driven by the scripted model on loopback: a Bash call that needs approval shows Airlock's three questions in
 * Claude Code's own permission dialog, and the person's keys decide. A yes runs that command in the project's
 * Airlock container and the audit names the person in Claude Code's prompt; a no reaches the model as a refusal
 * and nothing runs. A failure shows the screens it saw.
 *
 * <p>Claude Code's first-run screens are skipped the way its own settings do: {@code ~/.claude.json} with
 * {@code hasCompletedOnboarding}, the project's {@code hasTrustDialogAccepted}, and the test key (its last 20
 * characters) in {@code customApiKeyResponses.approved}.
 */
class ClaudeCodeTuiIT {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: a loaded 2-core machine starts Claude Code, the Airlock server and a container. */
    static final Duration WAIT = Duration.ofSeconds(150);
    static final String KEY = "sk-ant-airlock-test-not-a-key";

    @TempDir
    static Path state;
    @TempDir
    static Path scratch;
    static ServerClient airlock;
    static Path claude;
    static Path launcher;

    @TempDir
    Path project;
    Path home;
    Tmux tui;

    @BeforeAll
    static void start() throws Exception {
        claude = ClaudeCodeIT.claudeBinary();
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        airlock = new ServerClient(state);
        launcher = airlock.launcher(scratch.resolve("airlock"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (airlock != null) {
            airlock.close();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createTempDirectory(scratch, "home");
        String last20 = KEY.substring(KEY.length() - 20);
        Files.writeString(home.resolve(".claude.json"), JSON.writeValueAsString(Map.of(
                "hasCompletedOnboarding", true,
                "customApiKeyResponses", Map.of("approved", List.of(last20), "rejected", List.of()),
                "projects", Map.of(project.toRealPath().toString(), Map.of("hasTrustDialogAccepted", true,
                        "hasCompletedProjectOnboarding", true)))));
        var init = airlock.run(Map.of("HOME", home.toString()), "init", "claude-code", "--workspace", project.toString(),
                "--airlock", launcher.toString());
        assertThat(init.exit()).as(init.toString()).isZero();
        Files.createDirectories(project.resolve("old/build"));
        Files.writeString(project.resolve("old/build/out.o"), "x");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (tui != null) {
            tui.close();
        }
        Path sessions = state.resolve("agents/claude-code-sessions.json");
        if (Files.exists(sessions)) {
            JSON.readTree(sessions.toFile()).properties().forEach(e -> {
                airlock.run("session", "stop", e.getValue().asText());
                Engine.containersOf(e.getValue().asText()).forEach(Cli.runtime()::remove);
            });
            Files.delete(sessions);
        }
        airlock.run(Map.of("HOME", home.toString()), "init", "--undo");
    }

    @Test
    void aYesWithKeysInClaudeCodesDialogRunsTheCommandInTheProjectsAirlockContainer() throws Exception {
        try (var model = ModelServer.start(List.of(new ToolCall("Bash", Map.of(
                "command", "rm -r old && echo removed-it", "description", "clean the old build"))), "done")) {
            open(model, "clean up");
            question();
            tui.remember("the question");
            assertThat(project.resolve("old/build/out.o")).as("nothing ran before the answer").exists();

            tui.press("Enter"); // 1. Yes, highlighted

            ModelServer.ToolResult result = result(model);
            assertThat(result.text()).contains("removed-it");
            assertThat(result.isError()).isFalse();
        }
        assertThat(project.resolve("old")).doesNotExist();
        String session = session();
        List<JsonNode> audit = audit(session);
        assertThat(audit.toString()).contains("a person in Claude Code's permission prompt");
        JsonNode command = audit.stream().filter(e -> e.path("type").asText().equals("command")).findFirst().orElseThrow();
        assertThat(command.path("justification").asText()).isEqualTo("clean the old build");
        String container = command.path("containerId").asText();
        assertThat(Engine.containersOf(session)).as("the command ran in the project's Airlock container").anySatisfy(c -> {
            assertThat(c.id()).isEqualTo(container);
            assertThat(c.labels()).containsEntry("dev.airlock", "true").containsEntry("dev.airlock.session", session);
        });
        assertThat(airlock.run("approvals", "--json").out()).as("the queue was not used").doesNotContain("rm -r old");
    }

    @Test
    void aNoWithKeysReachesTheModelAsARefusalAndNothingRuns() throws Exception {
        try (var model = ModelServer.start(List.of(new ToolCall("Bash", Map.of(
                "command", "rm -r old && echo removed-it", "description", "clean the old build"))), "done")) {
            open(model, "clean up");
            question();
            tui.remember("the question");

            tui.press("Escape"); // no
            tui.remember("after no");
            // Claude Code hands the model the refusal with the person's next message
            tui.until(Duration.ofSeconds(30), () -> !tui.flatScreen().contains("Do you want to proceed?"));
            tui.type("why not?");
            tui.press("Enter");

            ModelServer.ToolResult result = result(model);
            assertThat(result.isError()).isTrue();
            assertThat(result.text()).doesNotContain("removed-it");
        }
        assertThat(project.resolve("old/build/out.o")).exists();
    }

    // --- helpers

    /** Starts Claude Code's TUI in the project, with only what it needs of the environment, and types the prompt. */
    void open(ModelServer model, String prompt) throws Exception {
        Map<String, String> env = new HashMap<>();
        Map<String, String> keep = airlock.builder().environment();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        for (String name : List.of("AIRLOCK_STATE_DIR", "AIRLOCK_JAVA", "AIRLOCK_CLIENT_CP")) {
            env.put(name, keep.get(name));
        }
        env.put("ANTHROPIC_BASE_URL", model.baseUrl());
        env.put("ANTHROPIC_API_KEY", KEY);
        env.put("DISABLE_TELEMETRY", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("DISABLE_ERROR_REPORTING", "1");
        env.put("DISABLE_BUG_COMMAND", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        tui = Tmux.start(Files.createTempDirectory(scratch, "tty"), project, env,
                List.of(claude.toString(), "--permission-mode", "default"));
        tui.waitFor(WAIT, "manual mode on");
        tui.remember("started");
        tui.type(prompt);
        tui.press("Enter");
    }

    /** Waits for Airlock's question in Claude Code's dialog: what will run, what it affects, why. */
    String question() {
        return tui.waitFor(WAIT, "Hook PreToolUse:Bash requires confirmation", "What will run: rm -r old && echo removed-it",
                "What it affects: DESTRUCTIVE", "Why: \"clean the old build\"", "Do you want to proceed?");
    }

    ModelServer.ToolResult result(ModelServer model) {
        boolean reached = tui.until(WAIT, () -> !model.toolResults().isEmpty());
        assertThat(reached).as(() -> "the result reaches the model; the terminal shows:\n" + tui.screen() + "\n" + tui.history())
                .isTrue();
        return model.toolResults().getFirst();
    }

    private String session() throws IOException {
        return JSON.readTree(state.resolve("agents/claude-code-sessions.json").toFile()).path(project.toRealPath().toString()).asText();
    }

    private List<JsonNode> audit(String session) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(state.resolve("sessions").resolve(session).resolve("audit.jsonl"))) {
            out.add(JSON.readTree(line));
        }
        return out;
    }
}
