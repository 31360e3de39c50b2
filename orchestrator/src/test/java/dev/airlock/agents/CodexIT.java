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
import java.util.Map;
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
    Path root;

    CodexRig rig;
    ResponsesServer model;

    @BeforeEach
    void setUp() throws Exception {
        rig = CodexRig.under(root, WAIT);
        Files.createDirectories(rig.workspace.resolve("keep"));
        Files.writeString(rig.workspace.resolve("keep/b.txt"), "mine\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    /** Codex's user config: the scripted model, then what airlock init codex adds. */
    void configure(String command, String scope) throws IOException {
        model = rig.configure(ResponsesServer.start("run_command", Map.of("command", command, "justification", "the task needs it")),
                "--scope", scope);
    }

    /** Starts {@code codex exec} as a person would script it, with nothing of Airlock in its environment. */
    Process exec() throws IOException {
        return rig.exec(rig.env(Map.of("PATH", System.getenv("PATH"))));
    }

    String queued() {
        return rig.queued();
    }

    String said() throws IOException {
        return rig.said();
    }

    String finish(Process codexRun) throws Exception {
        return rig.finish(codexRun);
    }

    String audit() throws IOException {
        return rig.audit();
    }

    @Test
    void theCommandRunsInAnAirlockContainerAndTheModelReadsItsOutput() throws Exception {
        configure("cat hello.txt; echo made > made.txt; sleep 3", "user");

        Process run = exec();
        // while it runs: an Airlock sandbox of the server Codex started, labelled with its session
        assertThat(Engine.eventually(() -> Files.exists(rig.state.resolve("server.pid")), WAIT)).isTrue();
        ProcessHandle airlockServer = ProcessHandle.of(rig.server.serverPid()).orElseThrow();
        assertThat(Engine.eventually(() -> !Engine.containersOwnedBy(airlockServer).isEmpty(), WAIT)).isTrue();
        assertThat(Engine.containersOwnedBy(airlockServer)).allSatisfy(c -> assertThat(c.labels())
                .containsEntry("dev.airlock", "true").containsKey("dev.airlock.session")
                .containsEntry("dev.airlock.profile", "workspace-write"));
        String said = finish(run);

        assertThat(model.offeredTools()).as("Airlock's tools are there on the first turn").contains("mcp__airlock.run_command")
                .doesNotContain("exec_command");
        assertThat(model.toolOutputs).as(said).singleElement().asString()
                .contains("hello from the workspace", "\"exitCode\":0", "\"profile\":\"workspace-write\"");
        assertThat(rig.workspace.resolve("made.txt")).hasContent("made");
        assertThat(Files.getOwner(rig.workspace.resolve("made.txt"))).isEqualTo(Files.getOwner(rig.workspace));
        assertThat(audit()).contains("\"type\":\"command\"", "echo made > made.txt", "\"exitCode\":0");
        assertThat(Engine.eventually(() -> Engine.containersOwnedBy(airlockServer).isEmpty(), WAIT))
                .as("the session's containers go with the connection").isTrue();
    }

    @Test
    void anEscalationWaitsInTheQueueAndRunsWhenApprovedFromAnotherProcess() throws Exception {
        configure("rm -rf old", "user");

        Process run = exec();
        String id = queued();
        assertThat(rig.workspace.resolve("old/a.txt")).as("nothing ran before the answer").exists();
        var approved = rig.server.run(Map.of("USER", "alice"), "approve", id);
        assertThat(approved.exit()).as(approved.toString()).isZero();
        String said = finish(run);

        assertThat(rig.workspace.resolve("old")).as(said).doesNotExist();
        assertThat(model.toolOutputs).singleElement().asString().contains("\"exitCode\":0", "approved once by alice");
        assertThat(audit()).contains("alice (airlock approve)").doesNotContain("the user declined");
    }

    @Test
    void aDenialReachesTheModelAsAClearRefusal() throws Exception {
        configure("rm -rf keep", "user");

        Process run = exec();
        rig.server.run(Map.of("USER", "bob"), "deny", queued(), "--reason", "keep is mine");
        String said = finish(run);

        assertThat(rig.workspace.resolve("keep/b.txt")).as(said).hasContent("mine");
        // Codex hands the model the structured result: denied, what was not run and why, and what to do next
        assertThat(model.toolOutputs).singleElement().asString().contains("\"denied\":true", "not run", "keep is mine",
                        "Nothing ran")
                .doesNotContain("the user declined");
    }

    @Test
    void theAgentCannotTurnTheIntegrationOffFromInsideTheSandbox() throws Exception {
        Files.writeString(rig.codexHome.resolve("placeholder"), "");
        configure(String.join(" ", Scripts.opaque("""
                printf '[mcp_servers.airlock]\\nenabled = false\\n' >> .codex/config.toml
                sed -i 's/required = true/required = false/' .codex/config.toml
                mv .codex .codex-off; rm -rf .codex; mkdir -p .codex; echo 'features.shell_tool = true' > .codex/config.toml
                """)), "project");
        Path config = rig.workspace.resolve(".codex/config.toml");
        String before = Files.readString(config);

        String said = finish(exec());

        assertThat(model.toolOutputs).as(said).hasSize(1);
        assertThat(config).as("the project's Codex config is as init wrote it").hasContent(before);
        assertThat(before).contains("[mcp_servers.airlock]", "features.shell_tool = false");
        assertThat(rig.workspace.resolve(".codex-off")).doesNotExist();
    }
}
