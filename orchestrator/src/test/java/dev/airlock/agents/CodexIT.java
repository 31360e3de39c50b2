package dev.airlock.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.approval.ApprovalQueue;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Scripts;
import dev.airlock.testing.ServerClient;
import dev.airlock.testing.model.ResponsesServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Codex CLI (from the npm registry, pinned by {@code scripts/test-agents}) end to end: {@code codex exec} with a
 * scripted model on loopback and the config {@code airlock init codex} writes, starting Airlock through the
 * native client and the server, with Codex's own almost empty environment. The command runs in an Airlock
 * container, its output reaches the model, an escalation waits in the queue and is answered from another
 * process, a denial reaches the model as a refusal, and the agent cannot switch Airlock off from the sandbox.
 */
class CodexIT {

    static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    @TempDir
    Path codexHome;
    @TempDir
    Path bin;

    Path codex;
    ServerClient server;
    ResponsesServer model;
    final List<Process> runs = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        String installed = System.getenv("AIRLOCK_TEST_CODEX");
        assumeTrue(installed != null && Files.exists(Path.of(installed)),
                "Codex CLI is not installed: scripts/test installs it (scripts/test-agents) and sets AIRLOCK_TEST_CODEX");
        codex = Path.of(installed);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(workspace.resolve("hello.txt"), "hello from the workspace\n");
        Files.createDirectories(workspace.resolve("old"));
        Files.writeString(workspace.resolve("old/a.txt"), "stale\n");
        Files.createDirectories(workspace.resolve("keep"));
        Files.writeString(workspace.resolve("keep/b.txt"), "mine\n");
        server = new ServerClient(state);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : runs) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (model != null) {
            model.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Codex's user config before airlock init: the scripted model as its provider, the project trusted (no sign-in, no trust prompt). */
    static void writeUserConfig(Path codexHome, ResponsesServer model, Path workspace) throws IOException {
        Files.writeString(codexHome.resolve("config.toml"), """
                model = "scripted"
                model_provider = "airlock-test"

                [model_providers.airlock-test]
                name = "Airlock's scripted model"
                base_url = "%s"
                wire_api = "responses"
                request_max_retries = 0
                stream_max_retries = 0

                [projects."%s"]
                trust_level = "trusted"
                """.formatted(model.baseUrl(), workspace));
    }

    Path launcher() throws IOException {
        return server.launcher(bin.resolve("airlock"));
    }

    /** Codex's user config: the scripted model, then what airlock init codex adds. */
    void configure(String command, String scope) throws IOException {
        model = ResponsesServer.start("run_command", Map.of("command", command, "justification", "the task needs it"));
        writeUserConfig(codexHome, model, workspace);
        var init = new Cli(state).cwd(workspace).env("CODEX_HOME", codexHome.toString())
                .run("init", "codex", "--scope", scope, "--launcher", launcher().toString());
        assertThat(init.exit()).as(init.toString()).isZero();
        // the server runs already, as it does for a user of the launcher (on this loaded machine its first start can
        // outlast the client's wait); Codex still starts airlock mcp through the native client and that server
        var up = server.run("--version");
        assertThat(up.exit()).as(up.toString()).isZero();
    }

    /** Starts {@code codex exec} as a person would script it, with nothing of Airlock in its environment. */
    Process exec() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("node", codex.toString(), "exec", "--skip-git-repo-check", "-C",
                workspace.toString(), "do the task"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workspace.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(bin.resolve("codex.out").toFile()).redirectError(bin.resolve("codex.err").toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home"),
                "CODEX_HOME", codexHome.toString()));
        Process p = pb.start();
        runs.add(p);
        return p;
    }

    /** Waits for the run's request to reach the approval queue; its id. */
    String queued() {
        ApprovalQueue queue = ApprovalQueue.under(state);
        assertThat(Engine.eventually(() -> !queue.pending().isEmpty(), WAIT)).as(this::saidSoFar).isTrue();
        return queue.pending().getFirst().request().id();
    }

    String saidSoFar() {
        try {
            return "the request reaches the queue; codex said:\n" + said();
        } catch (IOException e) {
            return "the request reaches the queue (codex's output: " + e + ")";
        }
    }

    /** What codex exec said so far, for failure messages. */
    String said() throws IOException {
        return Files.readString(bin.resolve("codex.out")) + Files.readString(bin.resolve("codex.err"));
    }

    String finish(Process codexRun) throws Exception {
        boolean ended = codexRun.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            codexRun.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = said();
        assertThat(ended).as("codex exec ends; it said:\n" + out).isTrue();
        return out;
    }

    String audit() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(state.resolve("sessions"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals("audit.jsonl")).toList()) {
                all.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    @Test
    void theCommandRunsInAnAirlockContainerAndTheModelReadsItsOutput() throws Exception {
        configure("cat hello.txt; echo made > made.txt; sleep 3", "user");

        Process run = exec();
        // while it runs: an Airlock sandbox of the server Codex started, labelled with its session
        assertThat(Engine.eventually(() -> Files.exists(state.resolve("server.pid")), WAIT)).isTrue();
        ProcessHandle airlockServer = ProcessHandle.of(server.serverPid()).orElseThrow();
        assertThat(Engine.eventually(() -> !Engine.containersOwnedBy(airlockServer).isEmpty(), WAIT)).isTrue();
        assertThat(Engine.containersOwnedBy(airlockServer)).allSatisfy(c -> assertThat(c.labels())
                .containsEntry("dev.airlock", "true").containsKey("dev.airlock.session")
                .containsEntry("dev.airlock.profile", "workspace-write"));
        String said = finish(run);

        assertThat(model.offeredTools()).as("Airlock's tools are there on the first turn").contains("mcp__airlock.run_command")
                .doesNotContain("exec_command");
        assertThat(model.toolOutputs).as(said).singleElement().asString()
                .contains("hello from the workspace", "\"exitCode\":0", "\"profile\":\"workspace-write\"");
        assertThat(workspace.resolve("made.txt")).hasContent("made");
        assertThat(Files.getOwner(workspace.resolve("made.txt"))).isEqualTo(Files.getOwner(workspace));
        assertThat(audit()).contains("\"type\":\"command\"", "echo made > made.txt", "\"exitCode\":0");
        assertThat(Engine.eventually(() -> Engine.containersOwnedBy(airlockServer).isEmpty(), WAIT))
                .as("the session's containers go with the connection").isTrue();
    }

    @Test
    void anEscalationWaitsInTheQueueAndRunsWhenApprovedFromAnotherProcess() throws Exception {
        configure("rm -rf old", "user");

        Process run = exec();
        String id = queued();
        assertThat(workspace.resolve("old/a.txt")).as("nothing ran before the answer").exists();
        var approved = server.run(Map.of("USER", "alice"), "approve", id);
        assertThat(approved.exit()).as(approved.toString()).isZero();
        String said = finish(run);

        assertThat(workspace.resolve("old")).as(said).doesNotExist();
        assertThat(model.toolOutputs).singleElement().asString().contains("\"exitCode\":0", "approved once by alice");
        assertThat(audit()).contains("alice (airlock approve)").doesNotContain("the user declined");
    }

    @Test
    void aDenialReachesTheModelAsAClearRefusal() throws Exception {
        configure("rm -rf keep", "user");

        Process run = exec();
        server.run(Map.of("USER", "bob"), "deny", queued(), "--reason", "keep is mine");
        String said = finish(run);

        assertThat(workspace.resolve("keep/b.txt")).as(said).hasContent("mine");
        // Codex hands the model the structured result: denied, what was not run and why, and what to do next
        assertThat(model.toolOutputs).singleElement().asString().contains("\"denied\":true", "not run", "keep is mine",
                        "Nothing ran")
                .doesNotContain("the user declined");
    }

    @Test
    void theAgentCannotTurnTheIntegrationOffFromInsideTheSandbox() throws Exception {
        Files.writeString(codexHome.resolve("placeholder"), "");
        configure(String.join(" ", Scripts.opaque("""
                printf '[mcp_servers.airlock]\\nenabled = false\\n' >> .codex/config.toml
                sed -i 's/required = true/required = false/' .codex/config.toml
                mv .codex .codex-off; rm -rf .codex; mkdir -p .codex; echo 'features.shell_tool = true' > .codex/config.toml
                """)), "project");
        Path config = workspace.resolve(".codex/config.toml");
        String before = Files.readString(config);

        String said = finish(exec());

        assertThat(model.toolOutputs).as(said).hasSize(1);
        assertThat(config).as("the project's Codex config is as init wrote it").hasContent(before);
        assertThat(before).contains("[mcp_servers.airlock]", "features.shell_tool = false");
        assertThat(workspace.resolve(".codex-off")).doesNotExist();
    }
}
