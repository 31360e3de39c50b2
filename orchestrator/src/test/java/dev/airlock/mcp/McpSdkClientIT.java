package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock mcp} driven by the MCP Java SDK's own client over stdio, as an agent would: one server (one
 * session) for the class, started read-only with {@code --allow-mode default}; escalations are answered by the
 * client's elicitation handler, as a person would in the client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpSdkClientIT {

    @TempDir
    static Path workspace;
    @TempDir
    static Path state;

    McpSyncClient client;
    McpSchema.InitializeResult init;
    final List<ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
    final AtomicReference<ElicitResult> nextAnswer = new AtomicReference<>(new ElicitResult(ElicitResult.Action.DECLINE, null));
    final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    final List<String> serverLog = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws IOException {
        Files.writeString(workspace.resolve("hello.txt"), "hello from the workspace\n");
        Files.createDirectories(workspace.resolve("old/build"));
        Files.writeString(workspace.resolve("old/build/out.o"), "stale\n");
        Files.createDirectories(workspace.resolve("keep"));
        List<String> command = Jar.command("mcp", "--workspace", workspace.toString(), "--mode", "read-only",
                "--allow-mode", "default");
        var transport = new StdioClientTransport(ServerParameters.builder(command.getFirst()).args(command.subList(1, command.size()))
                .env(Map.of("AIRLOCK_STATE_DIR", state.toString())).build(), McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(serverLog::add);
        client = McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder("airlock-it", "1").build())
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> {
                    asked.add(request);
                    thinks(); // a person reads before answering; an instant answer is nobody's (McpNonInteractiveIT)
                    return nextAnswer.get();
                })
                .progressConsumer(progress::add)
                .initializationTimeout(Duration.ofSeconds(60))
                .requestTimeout(Duration.ofMinutes(3))
                .build();
        init = client.initialize();
    }

    static void thinks() {
        try {
            Thread.sleep(Elicitation.INSTANT.plusMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    @Test
    @Order(1)
    void listsItsToolsWithSchemasAndSpeaksTheNewestProtocol() {
        var tools = client.listTools().tools();

        assertThat(init.protocolVersion()).isEqualTo(ProtocolVersions.MCP_2025_11_25);
        assertThat(init.serverInfo().name()).isEqualTo("airlock");
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("run_command", "assess_command",
                "set_mode", "diff", "rollback", "report", "request_network");
        var run = tools.stream().filter(t -> t.name().equals("run_command")).findFirst().orElseThrow();
        assertThat(run.inputSchema()).containsEntry("required", List.of("command"));
        assertThat(run.description()).contains("bash -c");
    }

    @Test
    @Order(2)
    void readOnlyModeRunsAReadAndStreamsItsOutputAsProgress() {
        CallToolResult result = client.callTool(CallToolRequest.builder("run_command")
                .arguments(Map.of("command", "cat hello.txt; echo to-stderr >&2", "justification", "read the greeting"))
                .meta(Map.of("progressToken", "read-1")).build());

        assertThat(result.isError()).as(text(result)).isFalse();
        assertThat(structured(result)).containsEntry("exitCode", 0).containsEntry("profile", "read-only")
                .containsEntry("stdout", "hello from the workspace\n").containsEntry("stderr", "to-stderr\n");
        assertThat(progress).filteredOn(p -> "read-1".equals(p.progressToken()))
                .extracting(McpSchema.ProgressNotification::message).anySatisfy(m -> assertThat(m).contains("hello from the workspace"));
    }

    @Test
    @Order(3)
    void aWriteInReadOnlyModeAsksThePersonThroughTheClientAndADeclineRunsNothing() {
        asked.clear();
        nextAnswer.set(new ElicitResult(ElicitResult.Action.DECLINE, null));

        CallToolResult result = run("echo made > made.txt", "record the result");

        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().message()).contains("What will run:", "echo made > made.txt", "What it affects:",
                "workspace-write", "Is it needed: the agent says \"record the result\"");
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("needs profile workspace-write", "the user declined", "did not approve");
        assertThat(workspace.resolve("made.txt")).doesNotExist();
    }

    @Test
    @Order(4)
    void setModeWidensOnlyToAModeTheUserAllowedAndOnlyWhenThePersonSaysYes() {
        asked.clear();
        CallToolResult full = client.callTool(CallToolRequest.builder("set_mode").arguments(Map.of("mode", "full-access")).build());
        assertThat(full.isError()).isTrue();
        assertThat(text(full)).contains("--allow-mode full-access");
        assertThat(asked).as("a mode the user did not allow is refused without asking").isEmpty();

        // --allow-mode lets the agent ask; the switch itself is the person's to approve
        nextAnswer.set(new ElicitResult(ElicitResult.Action.DECLINE, null));
        CallToolResult declined = client.callTool(CallToolRequest.builder("set_mode")
                .arguments(Map.of("mode", "default", "justification", "write the results")).build());
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().message()).contains("switch this whole session from mode read-only", "default",
                "write the results");
        assertThat(declined.isError()).isTrue();
        assertThat(text(declined)).contains("not changed", "did not approve");
        CallToolResult stillReadOnly = run("echo x > still.txt", "probe");
        assertThat(stillReadOnly.isError()).isTrue();
        assertThat(workspace.resolve("still.txt")).doesNotExist();

        asked.clear();
        nextAnswer.set(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("answer", "once")));
        CallToolResult def = client.callTool(CallToolRequest.builder("set_mode").arguments(Map.of("mode", "default")).build());
        assertThat(asked).hasSize(1);
        assertThat(def.isError()).as(text(def)).isFalse();
        assertThat(text(def)).contains("Mode is now default");
    }

    @Test
    @Order(5)
    void defaultModeWritesWithoutAskingAndReportsTheChange() {
        asked.clear();

        CallToolResult result = run("echo made > made.txt", "record the result");

        assertThat(asked).isEmpty();
        assertThat(result.isError()).as(text(result)).isFalse();
        assertThat(structured(result)).containsEntry("profile", "workspace-write")
                .containsEntry("changes", Map.of("added", List.of("made.txt"), "modified", List.of(), "deleted", List.of()));
        assertThat(workspace.resolve("made.txt")).hasContent("made");
    }

    @Test
    @Order(6)
    void anEscalationApprovedOnceInTheClientRuns() {
        asked.clear();
        nextAnswer.set(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("answer", "once")));

        CallToolResult result = run("rm -rf old", "remove the stale build output");

        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().message()).contains("rm -rf old", "DESTRUCTIVE");
        assertThat(result.isError()).as(text(result)).isFalse();
        assertThat(structured(result)).containsEntry("exitCode", 0);
        assertThat((List<?>) structured(result).get("approvals")).singleElement().asString().contains("approved once");
        assertThat(workspace.resolve("old")).doesNotExist();
    }

    @Test
    @Order(7)
    void anEscalationTheUserRefusesRunsNothingAndTheModelIsToldWhy() {
        asked.clear();
        nextAnswer.set(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("answer", "no", "reason", "keep is mine")));

        CallToolResult result = run("rm -rf keep", "tidy up");

        assertThat(asked).hasSize(1);
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("the user said no: keep is mine", "Nothing ran");
        assertThat(structured(result)).containsEntry("denied", true).containsEntry("exitCode", 77);
        assertThat(workspace.resolve("keep")).isDirectory();
    }

    @Test
    @Order(8)
    void diffAndReportShowWhatTheSessionDidAndRollbackUndoesIt() {
        String diff = text(client.callTool(CallToolRequest.builder("diff").arguments(Map.of()).build()));
        String report = text(client.callTool(CallToolRequest.builder("report").arguments(Map.of("format", "md")).build()));
        CallToolResult rollback = client.callTool(CallToolRequest.builder("rollback").arguments(Map.of()).build());

        assertThat(diff).contains("added     made.txt").contains("deleted   old/build/out.o");
        assertThat(report).contains("rm -rf old").contains("rm -rf keep");
        assertThat(rollback.isError()).as(text(rollback)).isFalse();
        assertThat(workspace.resolve("made.txt")).doesNotExist();
        assertThat(workspace.resolve("old/build/out.o")).hasContent("stale");
        String session = serverLog.stream().filter(l -> l.contains("airlock: session s-")).findFirst().orElseThrow()
                .replaceAll(".*session (s-[0-9a-z]+).*", "$1");
        // the connection's session is warm: one container per profile it used stays for the next command, no more
        assertThat(Engine.containersOf(session)).as("one warm container per profile")
                .extracting(c -> c.labels().get("dev.airlock.profile")).doesNotHaveDuplicates();
    }

    @Test
    @Order(9)
    void networkGrantedForTheSessionLetsACommandReachItWithoutAskingAgain() {
        asked.clear();
        nextAnswer.set(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("answer", "session")));
        String curl = "curl -fsS https://registry.example.test/pkg";
        var before = client.callTool(CallToolRequest.builder("assess_command").arguments(Map.of("command", curl)).build());

        CallToolResult granted = client.callTool(CallToolRequest.builder("request_network").arguments(Map.of(
                "domains", List.of("Registry.Example.TEST"), "justification", "fetch the package index")).build());
        var after = client.callTool(CallToolRequest.builder("assess_command").arguments(Map.of("command", curl)).build());

        assertThat(decision(before)).containsEntry("action", "ask");
        assertThat(asked).singleElement().satisfies(r -> assertThat(r.message())
                .contains("network access", "registry.example.test", "fetch the package index"));
        assertThat(granted.isError()).as(text(granted)).isFalse();
        assertThat(text(granted)).contains("Granted for the rest of the session", "registry.example.test");
        assertThat(decision(after)).containsEntry("action", "run").containsEntry("profile", "network-allowlisted");
    }

    @Test
    @Order(10)
    void networkRequestsNoPersonShouldApproveBlindAreRefusedWithoutAsking() {
        asked.clear();
        nextAnswer.set(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("answer", "session")));
        for (String name : List.of("*.co.uk", "metadata.google.internal", "0x7f000001.nip.io", "*.github.io")) {
            CallToolResult result = client.callTool(CallToolRequest.builder("request_network").arguments(Map.of(
                    "domains", List.of(name), "justification", "needed")).build());

            assertThat(result.isError()).as(name).isTrue();
            assertThat(text(result)).as(name).contains("not asked", "Nothing was granted");
        }
        assertThat(asked).as("nobody was asked about any of them").isEmpty();
    }

    @Test
    @Order(11)
    void aLookAlikeNameIsShownAsWhatItReallyIs() {
        asked.clear();
        nextAnswer.set(new ElicitResult(ElicitResult.Action.DECLINE, null));
        String lookalike = "p\u0430ypal.example"; // Cyrillic a

        CallToolResult result = client.callTool(CallToolRequest.builder("request_network").arguments(Map.of(
                "domains", List.of(lookalike), "justification", "pay")).build());

        assertThat(result.isError()).isTrue();
        assertThat(asked).singleElement().satisfies(r -> assertThat(r.message())
                .contains(java.net.IDN.toASCII("p\u0430ypal.example"), "p\u0430ypal.example", "mixes letters of"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> decision(CallToolResult assessed) {
        return (Map<String, Object>) structured(assessed).get("decision");
    }

    private CallToolResult run(String command, String why) {
        return client.callTool(CallToolRequest.builder("run_command")
                .arguments(Map.of("command", command, "justification", why)).build());
    }

    static String text(CallToolResult result) {
        return result.content().stream().filter(c -> c instanceof TextContent).map(c -> ((TextContent) c).text())
                .reduce("", String::concat);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }
}
