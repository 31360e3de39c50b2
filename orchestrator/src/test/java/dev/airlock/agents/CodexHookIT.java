package dev.airlock.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.CodexRig;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Scripts;
import dev.airlock.testing.model.ResponsesServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
    Path root;

    CodexRig rig;
    ResponsesServer model;

    @BeforeEach
    void setUp() throws Exception {
        rig = CodexRig.under(root, WAIT);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    /** The scripted model calls Codex's shell tool with {@code command}; then what airlock init codex --native adds. */
    void configure(String command) throws IOException {
        configure(Map.of("cmd", command, "yield_time_ms", 30_000));
    }

    void configure(Map<String, Object> call) throws IOException {
        // a command waiting for a person keeps exec_command's answer until it ends (Codex clamps the wait)
        model = rig.configure(ResponsesServer.start("exec_command", call), "--native");
    }

    /** {@code codex exec} as a person would script it: where Airlock's state is, and nothing else of Airlock. */
    Process exec() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "AIRLOCK_STATE_DIR", rig.state.toString()));
        String dockerHost = rig.server.builder().environment().get("DOCKER_HOST");
        if (dockerHost != null) {
            env.put("DOCKER_HOST", dockerHost);
        }
        return rig.exec(rig.env(env));
    }

    String said() throws IOException {
        return rig.said();
    }

    String finish(Process run) throws Exception {
        return rig.finish(run);
    }

    String queued() {
        return rig.queued();
    }

    String audit() throws IOException {
        return rig.audit();
    }

    @Test
    void theShellCommandRunsInAnAirlockContainerAndTheModelReadsItsOutput() throws Exception {
        configure("cat hello.txt; echo made > made.txt; sleep 3");

        Process run = exec();
        assertThat(Engine.eventually(() -> Files.exists(rig.state.resolve("server.pid")), WAIT)).isTrue();
        ProcessHandle airlockServer = ProcessHandle.of(rig.server.serverPid()).orElseThrow();
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
        assertThat(rig.workspace.resolve("made.txt")).hasContent("made");
        assertThat(Files.getOwner(rig.workspace.resolve("made.txt"))).isEqualTo(Files.getOwner(rig.workspace));
        assertThat(audit()).contains("\"type\":\"command\"", "echo made > made.txt", "\"exitCode\":0");
    }

    @Test
    void anEscalationWaitsInTheQueueAndRunsWhenApprovedFromAnotherProcess() throws Exception {
        // quotes and a $ in it: the line carries only a token, the one form of line Codex's execpolicy is sure to match
        configure("rm -rf old && echo 'removed' \"it-$((1 + 1))\"");

        Process run = exec();
        String id = queued();
        assertThat(rig.workspace.resolve("old/a.txt")).as("nothing ran before the answer").exists();
        var approved = rig.server.run(Map.of("USER", "alice"), "approve", id);
        assertThat(approved.exit()).as(approved.toString()).isZero();
        String said = finish(run);

        assertThat(rig.workspace.resolve("old")).as(said).doesNotExist();
        assertThat(model.toolOutputs).singleElement().asString().contains("removed it-2", "approved once by alice");
        assertThat(audit()).contains("alice (airlock approve)");
    }

    @Test
    void aRefusalReachesTheModelAsAClearRefusalAndNothingRuns() throws Exception {
        configure("rm -rf /");

        String said = finish(exec());

        assertThat(model.toolOutputs).as(said).singleElement().asString().contains("Airlock refused this command; nothing ran");
        assertThat(said).doesNotContain(" hook run ");
        assertThat(rig.workspace.resolve("hello.txt")).exists();
    }

    @Test
    void aPersonsDenialReachesTheModel() throws Exception {
        configure("rm -rf old");

        Process run = exec();
        rig.server.run(Map.of("USER", "bob"), "deny", queued(), "--reason", "old is mine");
        String said = finish(run);

        assertThat(rig.workspace.resolve("old/a.txt")).as(said).exists();
        assertThat(model.toolOutputs).singleElement().asString().contains("old is mine").contains("denied");
    }

    /**
     * The rule that lets Airlock's line out of Codex's sandbox is the one way a command reaches the host: the agent
     * writes that line itself, in a folder the hook was not set up for (the hook lets such calls pass), with a token
     * of its own, and then an airlock command with a host program as its approver. Neither runs anything.
     */
    @Test
    void aLineTheAgentWritesItselfDoesNotGetOutOfCodexsSandboxToTheHost() throws Exception {
        Path elsewhere = Files.createDirectories(rig.bin.resolve("elsewhere"));
        Path marker = rig.bin.resolve("pwned");
        Path approver = rig.bin.resolve("approver");
        Files.writeString(approver, "#!/bin/sh\ntouch " + marker + "\necho yes\n");
        approver.toFile().setExecutable(true);
        String launcher = rig.bin.resolve("airlock").toString();
        configure(Map.of("cmd", launcher + " hook run 0123456789abcdef0123456789abcdef", "workdir", elsewhere.toString(),
                "yield_time_ms", 30_000));

        String forged = finish(exec());

        assertThat(model.toolOutputs).as(forged).singleElement().asString()
                .contains("was not written by airlock hook; nothing ran");

        configure(Map.of("cmd", launcher + " run --workspace " + rig.workspace + " --approver command:" + approver + " -- rm -rf old",
                "workdir", elsewhere.toString(), "yield_time_ms", 30_000));
        String own = finish(exec());

        // not the rule's line: it stays in Codex's read-only sandbox, where no Airlock server can be reached or started
        assertThat(model.toolOutputs).as(own).singleElement().asString().contains("Read-only file system");
        assertThat(marker).as(own).doesNotExist();
        assertThat(rig.workspace.resolve("old/a.txt")).exists();
    }

    @Test
    void theAgentCannotTurnTheHookOffFromInsideTheSandbox() throws Exception {
        Path config = rig.codexHome.resolve("config.toml");
        Path rules = rig.codexHome.resolve("rules/airlock.rules");
        String key = config + ":pre_tool_use:0:0";
        configure(String.join(" ", Scripts.opaque("""
                printf 'x = 1\\n' >> %1$s/config.toml; echo "home: $?"
                rm -f %1$s/rules/airlock.rules; echo "rules: $?"
                mkdir -p .codex/rules; echo "mkdir: $?"
                printf '[hooks.state."%2$s"]\\nenabled = false\\n' > .codex/config.toml; echo "project: $?"
                echo 'prefix_rule(pattern = ["bash"], decision = "allow")' > .codex/rules/open.rules; echo "open: $?"
                """.formatted(rig.codexHome, key)).stream().map(ShellHook::quote).toList()));
        String configBefore = Files.readString(config);
        String rulesBefore = Files.readString(rules);

        String said = finish(exec());

        // Codex's home is not there in the sandbox at all; what the payload puts in the project's .codex/ (a host
        // tool's folder) Airlock takes out again before Codex could read it, and says so
        assertThat(model.toolOutputs).as(said).singleElement().asString()
                .contains("home: 2", "Directory nonexistent", ".codex: a file host tools load, created by the command (removed)");
        assertThat(config).as("Codex's config is as init wrote it").hasContent(configBefore);
        assertThat(rules).hasContent(rulesBefore);
        assertThat(rig.workspace.resolve(".codex")).doesNotExist();
    }
}
