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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Codex CLI's own shell tool through Airlock ({@code airlock init codex --native}): the real {@code codex exec}
 * (pinned by {@code scripts/test-agents}) with a scripted model on loopback calls {@code exec_command}; Codex's
 * {@code PreToolUse} hook ({@code airlock hook codex}) rewrites it to {@code airlock exec} in the project's warm
 * session, which Codex's execpolicy rule lets out of its own read-only sandbox to reach the server. The command runs
 * in an Airlock container, its output reaches the model, an escalation waits in the queue and is answered from
 * another process, a refusal reaches the model as one, and the agent cannot switch the hook off from the sandbox.
 */
class CodexHookIT {

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

    /** The scripted model calls Codex's shell tool with {@code command}; then what airlock init codex --native adds. */
    void configure(String command) throws IOException {
        configure(Map.of("cmd", command, "yield_time_ms", 30_000));
    }

    void configure(Map<String, Object> call) throws IOException {
        // a command waiting for a person keeps exec_command's answer until it ends (Codex clamps the wait)
        model = ResponsesServer.start("exec_command", call);
        CodexIT.writeUserConfig(codexHome, model, workspace);
        var init = new Cli(state).cwd(workspace).env("CODEX_HOME", codexHome.toString())
                .run("init", "codex", "--native", "--launcher", server.launcher(bin.resolve("airlock")).toString());
        assertThat(init.exit()).as(init.toString()).isZero();
        var up = server.run("--version");
        assertThat(up.exit()).as(up.toString()).isZero();
    }

    /** {@code codex exec} as a person would script it: where Airlock's state is, and nothing else of Airlock. */
    Process exec() throws IOException {
        List<String> cmd = List.of("node", codex.toString(), "exec", "--skip-git-repo-check", "-C", workspace.toString(), "do the task");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workspace.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(bin.resolve("codex.out").toFile()).redirectError(bin.resolve("codex.err").toFile());
        Map<String, String> keep = new HashMap<>(server.builder().environment());
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", System.getProperty("user.home"),
                "CODEX_HOME", codexHome.toString(), "AIRLOCK_STATE_DIR", state.toString()));
        if (keep.containsKey("DOCKER_HOST")) {
            pb.environment().put("DOCKER_HOST", keep.get("DOCKER_HOST"));
        }
        Process p = pb.start();
        runs.add(p);
        return p;
    }

    String said() throws IOException {
        return Files.readString(bin.resolve("codex.out")) + Files.readString(bin.resolve("codex.err"));
    }

    String finish(Process run) throws Exception {
        boolean ended = run.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = said();
        assertThat(ended).as("codex exec ends; it said:\n" + out).isTrue();
        return out;
    }

    String queued() {
        ApprovalQueue queue = ApprovalQueue.under(state);
        assertThat(Engine.eventually(() -> !queue.pending().isEmpty(), WAIT)).as(() -> {
            try {
                return "the request reaches the queue; codex said:\n" + said();
            } catch (IOException e) {
                return e.toString();
            }
        }).isTrue();
        return queue.pending().getFirst().request().id();
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
    void theShellCommandRunsInAnAirlockContainerAndTheModelReadsItsOutput() throws Exception {
        configure("cat hello.txt; echo made > made.txt; sleep 3");

        Process run = exec();
        assertThat(Engine.eventually(() -> Files.exists(state.resolve("server.pid")), WAIT)).isTrue();
        ProcessHandle airlockServer = ProcessHandle.of(server.serverPid()).orElseThrow();
        assertThat(Engine.eventually(() -> !Engine.containersOwnedBy(airlockServer).isEmpty(), WAIT)).isTrue();
        assertThat(Engine.containersOwnedBy(airlockServer)).allSatisfy(c -> assertThat(c.labels())
                .containsEntry("dev.airlock", "true").containsKey("dev.airlock.session")
                .containsEntry("dev.airlock.profile", "workspace-write"));
        String said = finish(run);

        assertThat(model.offeredTools()).as("Codex keeps its own shell tool").contains("exec_command");
        assertThat(said).as("Codex ran the rewritten line").contains("hook: PreToolUse Completed").contains(" hook run ");
        assertThat(model.toolOutputs).as(said).singleElement().asString()
                .contains("hello from the workspace", "Process exited with code 0");
        assertThat(model.requests.getLast().toString()).as("the model is told where its command ran").contains("Airlock's sandbox");
        assertThat(workspace.resolve("made.txt")).hasContent("made");
        assertThat(Files.getOwner(workspace.resolve("made.txt"))).isEqualTo(Files.getOwner(workspace));
        assertThat(audit()).contains("\"type\":\"command\"", "echo made > made.txt", "\"exitCode\":0");
    }

    @Test
    void anEscalationWaitsInTheQueueAndRunsWhenApprovedFromAnotherProcess() throws Exception {
        // quotes and a $ in it: the line carries only a token, the one form of line Codex's execpolicy is sure to match
        configure("rm -rf old && echo 'removed' \"it-$((1 + 1))\"");

        Process run = exec();
        String id = queued();
        assertThat(workspace.resolve("old/a.txt")).as("nothing ran before the answer").exists();
        var approved = server.run(Map.of("USER", "alice"), "approve", id);
        assertThat(approved.exit()).as(approved.toString()).isZero();
        String said = finish(run);

        assertThat(workspace.resolve("old")).as(said).doesNotExist();
        assertThat(model.toolOutputs).singleElement().asString().contains("removed it-2", "approved once by alice");
        assertThat(audit()).contains("alice (airlock approve)");
    }

    @Test
    void aRefusalReachesTheModelAsAClearRefusalAndNothingRuns() throws Exception {
        configure("rm -rf /");

        String said = finish(exec());

        assertThat(model.toolOutputs).as(said).singleElement().asString().contains("Airlock refused this command; nothing ran");
        assertThat(said).doesNotContain(" hook run ");
        assertThat(workspace.resolve("hello.txt")).exists();
    }

    @Test
    void aPersonsDenialReachesTheModel() throws Exception {
        configure("rm -rf old");

        Process run = exec();
        server.run(Map.of("USER", "bob"), "deny", queued(), "--reason", "old is mine");
        String said = finish(run);

        assertThat(workspace.resolve("old/a.txt")).as(said).exists();
        assertThat(model.toolOutputs).singleElement().asString().contains("old is mine").contains("denied");
    }

    /**
     * The rule that lets Airlock's line out of Codex's sandbox is the one way a command reaches the host: the agent
     * writes that line itself, in a folder the hook was not set up for (the hook lets such calls pass), with a token
     * of its own, and then an airlock command with a host program as its approver. Neither runs anything.
     */
    @Test
    void aLineTheAgentWritesItselfDoesNotGetOutOfCodexsSandboxToTheHost() throws Exception {
        Path elsewhere = Files.createDirectories(bin.resolve("elsewhere"));
        Path marker = bin.resolve("pwned");
        Path approver = bin.resolve("approver");
        Files.writeString(approver, "#!/bin/sh\ntouch " + marker + "\necho yes\n");
        approver.toFile().setExecutable(true);
        String launcher = bin.resolve("airlock").toString();
        configure(Map.of("cmd", launcher + " hook run 0123456789abcdef0123456789abcdef", "workdir", elsewhere.toString(),
                "yield_time_ms", 30_000));

        String forged = finish(exec());

        assertThat(model.toolOutputs).as(forged).singleElement().asString()
                .contains("was not written by airlock hook; nothing ran");

        model.close();
        configure(Map.of("cmd", launcher + " run --workspace " + workspace + " --approver command:" + approver + " -- rm -rf old",
                "workdir", elsewhere.toString(), "yield_time_ms", 30_000));
        String own = finish(exec());

        // not the rule's line: it stays in Codex's read-only sandbox, where no Airlock server can be reached or started
        assertThat(model.toolOutputs).as(own).singleElement().asString().contains("Read-only file system");
        assertThat(marker).as(own).doesNotExist();
        assertThat(workspace.resolve("old/a.txt")).exists();
    }

    @Test
    void theAgentCannotTurnTheHookOffFromInsideTheSandbox() throws Exception {
        Path config = codexHome.resolve("config.toml");
        Path rules = codexHome.resolve("rules/airlock.rules");
        String key = config + ":pre_tool_use:0:0";
        configure(String.join(" ", Scripts.opaque("""
                printf 'x = 1\\n' >> %1$s/config.toml; echo "home: $?"
                rm -f %1$s/rules/airlock.rules; echo "rules: $?"
                mkdir -p .codex/rules; echo "mkdir: $?"
                printf '[hooks.state."%2$s"]\\nenabled = false\\n' > .codex/config.toml; echo "project: $?"
                echo 'prefix_rule(pattern = ["bash"], decision = "allow")' > .codex/rules/open.rules; echo "open: $?"
                """.formatted(codexHome, key)).stream().map(ShellHook::quote).toList()));
        String configBefore = Files.readString(config);
        String rulesBefore = Files.readString(rules);

        String said = finish(exec());

        // Codex's home is not there in the sandbox at all; what the payload puts in the project's .codex/ (a host
        // tool's folder) Airlock takes out again before Codex could read it, and says so
        assertThat(model.toolOutputs).as(said).singleElement().asString()
                .contains("home: 2", "Directory nonexistent", ".codex: a file host tools load, created by the command (removed)");
        assertThat(config).as("Codex's config is as init wrote it").hasContent(configBefore);
        assertThat(rules).hasContent(rulesBefore);
        assertThat(workspace.resolve(".codex")).doesNotExist();
    }
}
