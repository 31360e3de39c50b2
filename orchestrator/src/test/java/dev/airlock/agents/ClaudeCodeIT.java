package dev.airlock.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.ServerClient;
import dev.airlock.testing.model.ModelServer;
import dev.airlock.testing.model.ModelServer.ToolCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code (installed from the npm registry at the pinned version by scripts/test-agents),
 * set up with {@code airlock init claude-code} as the README says, driven non-interactively ({@code claude -p}) by
 * the project's own scripted model server on loopback: its Bash calls run in the project's Airlock session, their
 * output reaches the model, approvals wait in the queue for another process, refusals reach the model, and a
 * payload inside the sandbox cannot turn the integration off.
 */
class ClaudeCodeIT {

    static final ObjectMapper JSON = new ObjectMapper();

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

    @BeforeAll
    static void start() throws Exception {
        claude = claudeBinary();
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        airlock = new ServerClient(state);
        // the airlock command Claude Code's hook and Bash tool run, as scripts/airlock would be
        launcher = scratch.resolve("airlock");
        var client = airlock.builder().command();
        Files.writeString(launcher, "#!/bin/sh\nexec " + String.join(" ", client.stream().map(ShellHook::quote).toList()) + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
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
        var init = airlock.run(Map.of("HOME", home.toString()), "init", "claude-code", "--workspace", project.toString(),
                "--airlock", launcher.toString());
        assertThat(init.exit()).as(init.toString()).isZero();
    }

    @AfterEach
    void cleanUp() throws IOException {
        Path sessions = state.resolve("agents/claude-code-sessions.json");
        if (Files.exists(sessions)) {
            JsonNode doc = JSON.readTree(sessions.toFile());
            doc.properties().forEach(e -> {
                airlock.run("session", "stop", e.getValue().asText());
                Engine.containersOf(e.getValue().asText()).forEach(Cli.runtime()::remove);
            });
        }
        airlock.run(Map.of("HOME", home.toString()), "init", "--undo");
    }

    @Test
    void bashRunsInTheProjectsAirlockSessionAndItsOutputReachesTheModel() throws Exception {
        try (var model = ModelServer.start(List.of(new ToolCall("Bash", Map.of(
                "command", "echo made-$((6*7)) > made.txt; cat made.txt; test -d /workspace && echo inside-the-sandbox",
                "description", "write a file for the test"))), "done")) {
            var run = claude(model, "write the file");
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(model.toolResults()).singleElement().satisfies(r -> {
                assertThat(r.text()).contains("made-42").contains("inside-the-sandbox");
                assertThat(r.isError()).isFalse();
            });
            // the model is told where its command ran, since everything else it sees names host paths
            assertThat(model.agentRequests().getLast().toString()).contains("mounted at /workspace");
        }
        assertThat(Files.readString(project.resolve("made.txt"))).isEqualTo("made-42\n");
        assertThat(Files.getOwner(project.resolve("made.txt")).getName()).isEqualTo(System.getProperty("user.name"));
        String session = session();
        JsonNode command = audit(session).stream().filter(e -> e.path("type").asText().equals("command")).findFirst().orElseThrow();
        assertThat(command.path("justification").asText()).isEqualTo("write a file for the test");
        assertThat(command.path("argv").get(0).asText()).isEqualTo("bash");
        String container = command.path("containerId").asText();
        assertThat(Engine.containersOf(session)).anySatisfy(c -> {
            assertThat(c.id()).isEqualTo(container);
            assertThat(c.labels()).containsEntry("dev.airlock", "true").containsEntry("dev.airlock.session", session);
        });
    }

    @Test
    void aCommandNeedingApprovalWaitsInTheQueueAndRunsWhenApprovedFromAnotherProcess() throws Exception {
        Files.createDirectories(project.resolve("old/build"));
        Files.writeString(project.resolve("old/build/out.o"), "x");
        try (var model = ModelServer.start(List.of(new ToolCall("Bash", Map.of(
                "command", "rm -r old && echo removed-it", "description", "clean the old build"))), "done")) {
            Process agent = claudeProcess(model, "clean up").start();
            var output = drain(agent);
            JsonNode pending = waitForPending();
            assertThat(pending.toString()).contains("rm -r old").contains("clean the old build");
            var approved = airlock.run("approve", pending.path("id").asText());
            assertThat(approved.exit()).as(approved.toString()).isZero();
            assertThat(agent.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.exitValue()).as(output.toString()).isZero();
            assertThat(model.toolResults()).singleElement().satisfies(r -> assertThat(r.text()).contains("removed-it"));
        }
        assertThat(project.resolve("old")).doesNotExist();
        assertThat(audit(session()).toString()).contains("approved");
    }

    @Test
    void refusalsReachTheModelAsClearRefusals() throws Exception {
        Files.createDirectories(project.resolve("keep"));
        try (var model = ModelServer.start(List.of(
                new ToolCall("Bash", Map.of("command", "rm -rf /", "description", "free some space")),
                new ToolCall("Bash", Map.of("command", "rm -r keep && echo gone", "description", "tidy up"))), "done")) {
            Process agent = claudeProcess(model, "tidy").start();
            var output = drain(agent);
            // the first is refused by a deny rule before anything runs; the second waits, and a person says no
            JsonNode pending = waitForPending();
            assertThat(pending.toString()).contains("rm -r keep");
            var denied = airlock.run("deny", pending.path("id").asText(), "--reason", "keep that folder");
            assertThat(denied.exit()).as(denied.toString()).isZero();
            assertThat(agent.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.exitValue()).as(output.toString()).isZero();
            var results = model.toolResults();
            assertThat(results).hasSize(2);
            assertThat(results.get(0).text()).contains("Airlock refused this command; nothing ran");
            assertThat(results.get(0).isError()).isTrue();
            assertThat(results.get(1).text()).contains("was denied: keep that folder").startsWith("Exit code 77");
        }
        assertThat(project.resolve("keep")).isDirectory();
    }

    @Test
    void aPayloadInTheSandboxCannotTurnTheIntegrationOff() throws Exception {
        Files.createDirectories(project.resolve(".claude"));
        String settings = "{\"disableAllHooks\": true, \"permissions\": {\"allow\": [\"Bash\"]}}";
        // the project's settings (which could switch every hook off), and the user's, where the hook is
        String payload = "echo '" + settings + "' > .claude/settings.json; echo '" + settings + "' > .claude/settings.local.json; echo '"
                + settings + "' > " + home.resolve(".claude/settings.json") + "; true";
        String hidden = "echo " + Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + " | base64 -d | sh";
        try (var model = ModelServer.start(List.of(
                new ToolCall("Bash", Map.of("command", hidden, "description", "set up the project")),
                new ToolCall("Bash", Map.of("command", "test -d /workspace && echo still-in-the-sandbox; test -e /workspace || echo on-the-host",
                        "description", "check"))), "done")) {
            var run = claude(model, "go");
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(model.toolResults()).hasSize(2);
            assertThat(model.toolResults().get(0).text()).contains(".claude/settings.json: Read-only file system")
                    .contains(".claude/settings.local.json: Read-only file system")
                    .contains(home.resolve(".claude/settings.json") + ": Directory nonexistent");
            assertThat(model.toolResults().get(1).text()).contains("still-in-the-sandbox").doesNotContain("on-the-host");
        }
        assertThat(project.resolve(".claude/settings.json")).doesNotExist();
        assertThat(project.resolve(".claude/settings.local.json")).doesNotExist();
        assertThat(Files.readString(home.resolve(".claude/settings.json"))).contains("hook claude-code").doesNotContain("disableAllHooks");
    }

    @Test
    void aYesInClaudeCodesOwnPromptRunsThatCommandWithoutTheQueue() throws Exception {
        // an attended Claude Code shows its permission prompt with the hook's reason, and on a yes runs the
        // updated line: here the test is the person who said yes, and runs the line as Claude Code would
        Files.createDirectories(project.resolve("old"));
        String input = JSON.writeValueAsString(Map.of("cwd", project.toString(), "permission_mode", "default", "tool_name", "Bash",
                "hook_event_name", "PreToolUse", "tool_input", Map.of("command", "rm -r old && echo removed-it", "description", "clean up")));
        var hook = airlock.builder("hook", "claude-code", "--airlock", launcher.toString(), "--workspace", project.toString());
        hook.environment().putAll(Map.of("HOME", home.toString(), "CLAUDE_PROJECT_DIR", project.toString(), "CLAUDE_CODE_SESSION_ATTENDED", "1"));
        Process p = hook.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        var output = drain(p);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        output.join();
        assertThat(p.exitValue()).as(output.toString()).isZero();
        JsonNode answer = JSON.readTree(output.out.toString()).path("hookSpecificOutput");
        assertThat(answer.path("permissionDecision").asText()).isEqualTo("ask");
        assertThat(answer.path("permissionDecisionReason").asText()).contains("What will run: rm -r old && echo removed-it")
                .contains("What it affects: DESTRUCTIVE").contains("Why: \"clean up\"");

        var yes = new ProcessBuilder("bash", "-c", answer.path("updatedInput").path("command").asText()).directory(project.toFile());
        yes.environment().putAll(airlock.builder().environment());
        Process ran = yes.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var ranOutput = drain(ran);
        assertThat(ran.waitFor(120, TimeUnit.SECONDS)).isTrue();
        ranOutput.join();
        assertThat(ran.exitValue()).as(ranOutput.toString()).isZero();
        assertThat(ranOutput.out.toString()).contains("removed-it");
        assertThat(project.resolve("old")).doesNotExist();
        assertThat(airlock.run("approvals", "--json").out()).doesNotContain("rm -r old");
        assertThat(audit(session()).toString()).contains("a person in Claude Code's permission prompt");
    }

    @Test
    void airlocksMcpToolWorksInAFolderClaudeCodeHasNotTrusted() throws Exception {
        var init = airlock.run(Map.of("HOME", home.toString()), "init", "claude-code", "--mcp", "--workspace", project.toString(),
                "--airlock", launcher.toString());
        assertThat(init.exit()).as(init.toString()).isZero();
        try (var model = ModelServer.start(List.of(new ToolCall("mcp__airlock__run_command", Map.of(
                "command", "echo via-mcp-$((1+1)); test -d /workspace && echo inside-the-sandbox", "justification", "the test"))), "done")) {
            var run = claude(model, "use airlock");
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(model.toolResults()).singleElement().satisfies(r -> {
                assertThat(r.text()).contains("via-mcp-2").contains("inside-the-sandbox");
                assertThat(r.isError()).isFalse();
            });
        }
    }

    @Test
    void whenAirlockCannotAnswerTheHookTheCallIsBlockedNotRunOnTheHost() throws Exception {
        airlock.run(Map.of("HOME", home.toString()), "init", "--undo");
        Path broken = scratch.resolve("broken-airlock");
        Files.writeString(broken, "#!/bin/sh\necho 'airlock: the server is gone' >&2\nexit 125\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));
        var init = airlock.run(Map.of("HOME", home.toString()), "init", "claude-code", "--workspace", project.toString(),
                "--airlock", broken.toString());
        assertThat(init.exit()).as(init.toString()).isZero();
        try (var model = ModelServer.start(List.of(new ToolCall("Bash", Map.of("command", "touch ran-on-the-host", "description", "x"))), "done")) {
            var run = claude(model, "go");
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(model.toolResults()).singleElement().satisfies(r -> assertThat(r.isError()).isTrue());
        }
        assertThat(project.resolve("ran-on-the-host")).doesNotExist();
    }

    @Test
    void dryRunWritesNothingAndUndoLeavesTheUsersOwnSettingsAsTheyWere() throws Exception {
        Path other = Files.createTempDirectory(scratch, "home");
        Path settings = other.resolve(".claude/settings.json");
        Files.createDirectories(settings.getParent());
        String mine = "{\"model\": \"opus\", \"permissions\": {\"deny\": [\"WebFetch\"]}, \"hooks\": {\"PreToolUse\": [{\"matcher\": \"Write\", \"hooks\": []}]}}\n";
        Files.writeString(settings, mine);
        var env = Map.of("HOME", other.toString());
        var dry = airlock.run(env, "init", "claude-code", "--mcp", "--workspace", project.toString(), "--airlock", launcher.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("add to " + settings + " at hooks.PreToolUse[]").contains("hook claude-code")
                .contains("create " + other.resolve(".claude.json") + " at projects." + project.toRealPath() + ".mcpServers.airlock")
                .contains("at permissions.allow[]").contains("mcp__airlock");
        assertThat(Files.readString(settings)).isEqualTo(mine);
        assertThat(other.resolve(".claude.json")).doesNotExist();

        var init = airlock.run(env, "init", "claude-code", "--mcp", "--workspace", project.toString(), "--airlock", launcher.toString());
        assertThat(init.exit()).as(init.toString()).isZero();
        var undoPreview = airlock.run(env, "init", "claude-code", "--undo", "--dry-run");
        assertThat(undoPreview.out()).contains("would remove from " + settings + " at hooks.PreToolUse[]");
        var undo = airlock.run(env, "init", "claude-code", "--undo");
        assertThat(undo.exit()).as(undo.toString()).isZero();
        assertThat(JSON.readTree(settings.toFile())).isEqualTo(JSON.readTree(mine));
        assertThat(other.resolve(".claude.json")).doesNotExist();
        // what setUp added for the other home went too (the record is one per client), with the file it created
        assertThat(home.resolve(".claude/settings.json")).doesNotExist();
    }

    // --- helpers

    private String session() throws IOException {
        JsonNode doc = JSON.readTree(state.resolve("agents/claude-code-sessions.json").toFile());
        return doc.path(project.toRealPath().toString()).asText();
    }

    private List<JsonNode> audit(String session) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(state.resolve("sessions").resolve(session).resolve("audit.jsonl"))) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private JsonNode waitForPending() throws IOException {
        JsonNode[] found = new JsonNode[1];
        boolean seen = Engine.eventually(() -> {
            var listed = airlock.run("approvals", "--json");
            try {
                JsonNode doc = JSON.readTree(listed.out());
                for (JsonNode n : doc.isArray() ? doc : doc.path("pending")) {
                    found[0] = n;
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
            return false;
        }, Duration.ofSeconds(120));
        assertThat(seen).as("an approval request waits in the queue").isTrue();
        return found[0];
    }

    private Cli.Result claude(ModelServer model, String prompt) throws Exception {
        Process p = claudeProcess(model, prompt).start();
        var output = drain(p);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("claude did not end: " + output);
        }
        output.join();
        return new Cli.Result(p.exitValue(), output.out.toString(), output.err.toString());
    }

    /** {@code claude -p} in the project, with nothing of the host's environment but what it needs, talking only to loopback. */
    private ProcessBuilder claudeProcess(ModelServer model, String prompt) {
        var pb = new ProcessBuilder(claude.toString(), "-p", prompt, "--output-format", "json")
                .directory(project.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        Map<String, String> keep = new HashMap<>(airlock.builder().environment());
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        for (String name : List.of("AIRLOCK_STATE_DIR", "AIRLOCK_JAVA", "AIRLOCK_CLIENT_CP")) {
            env.put(name, keep.get(name));
        }
        env.put("ANTHROPIC_BASE_URL", model.baseUrl());
        env.put("ANTHROPIC_API_KEY", "sk-ant-airlock-test-not-a-key");
        env.put("DISABLE_TELEMETRY", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("DISABLE_ERROR_REPORTING", "1");
        env.put("DISABLE_BUG_COMMAND", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        return pb;
    }

    /** Both streams of a process, read on their own threads. */
    static final class Output {
        final StringBuffer out = new StringBuffer();
        final StringBuffer err = new StringBuffer();
        final List<Thread> threads = new ArrayList<>();

        void join() throws InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
        }

        @Override
        public String toString() {
            return "stdout: " + out + "\nstderr: " + err;
        }
    }

    private static Output drain(Process p) {
        var output = new Output();
        output.threads.add(Thread.ofVirtual().start(() -> copy(p.getInputStream(), output.out)));
        output.threads.add(Thread.ofVirtual().start(() -> copy(p.getErrorStream(), output.err)));
        return output;
    }

    private static void copy(java.io.InputStream in, StringBuffer to) {
        try {
            to.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The pinned Claude Code that scripts/test-agents installed (scripts/test runs it first). */
    static Path claudeBinary() {
        String given = System.getenv("AIRLOCK_TEST_CLAUDE");
        Path path = given != null ? Path.of(given)
                : Path.of(System.getProperty("user.home"), ".cache/airlock-test/npm/@anthropic-ai+claude-code@2.1.332/node_modules/.bin/claude");
        Assumptions.assumeTrue(Files.isExecutable(path), "Claude Code is not installed: run scripts/test-agents (scripts/test does)");
        return path;
    }
}
