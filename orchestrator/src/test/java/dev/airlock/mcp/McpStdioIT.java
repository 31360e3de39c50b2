package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalQueue;
import dev.airlock.approval.PendingRequest;
import dev.airlock.approval.Scope;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock mcp} fed by hand-written JSON-RPC lines: garbage gets JSON-RPC errors and the server keeps
 * serving; a client without elicitation gets the approver given at start (the queue, answered here as from
 * another terminal); {@code notifications/cancelled} stops the command and its container; closing stdin ends
 * the server with nothing left behind. One server for the class, in default mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpStdioIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path workspace;
    @TempDir
    static Path state;

    RawClient client;

    @BeforeAll
    void start() throws IOException {
        Files.createDirectories(workspace.resolve("old"));
        Files.writeString(workspace.resolve("old/a.txt"), "a\n");
        client = new RawClient(state, "--workspace", workspace.toString(), "--mode", "default", "--approver", "queue");
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void requestsBeforeInitializeAreRefusedButPingIsAnswered() {
        client.send(Map.of("jsonrpc", "2.0", "id", "early", "method", "tools/list"));
        client.send(Map.of("jsonrpc", "2.0", "id", "p0", "method", "ping"));

        assertThat(error(client.response("early", WAIT))).containsEntry("code", -32600);
        assertThat(client.response("p0", WAIT)).containsEntry("result", Map.of());
        client.initialize();
    }

    @Test
    @Order(2)
    void garbageOnStdinGetsJsonRpcErrorsAndTheServerKeepsServing() {
        client.line("this is not json");
        assertThat(error(client.await(m -> m.get("id") == null, WAIT))).containsEntry("code", -32700);
        client.line("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
        assertThat(error(client.await(m -> m.get("id") == null, WAIT))).containsEntry("code", -32600);
        client.bytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, '{', '\n'});
        assertThat(error(client.await(m -> m.get("id") == null, WAIT))).containsEntry("code", -32700);
        client.line("{\"jsonrpc\":\"2.0\",\"id\":\"big\",\"method\":\"ping\",\"params\":{\"x\":\"" + "x".repeat(5 << 20) + "\"}}");
        assertThat(error(client.await(m -> m.get("id") == null, WAIT))).containsEntry("code", -32600)
                .extractingByKey("message").asString().contains("limited to");
        client.line("{\"jsonrpc\":\"2.0\",\"id\":5}");
        assertThat(error(client.response(5, WAIT))).containsEntry("code", -32600);
        client.send(Map.of("jsonrpc", "2.0", "id", 6, "method", "no/such/method"));
        assertThat(error(client.response(6, WAIT))).containsEntry("code", -32601);
        client.call(7, "no_such_tool", Map.of(), Map.of());
        assertThat(client.response(7, WAIT)).containsKey("error");
        client.call(8, "run_command", Map.of("command", "true", "timeout_seconds", "soon"), Map.of());
        assertThat(result(client.response(8, WAIT))).containsEntry("isError", true);

        client.send(Map.of("jsonrpc", "2.0", "id", 9, "method", "tools/list"));
        assertThat((List<?>) result(client.response(9, WAIT)).get("tools")).hasSize(7);
        client.call(10, "run_command", Map.of("command", "echo still here"), Map.of());
        assertThat(result(client.response(10, WAIT))).containsEntry("isError", false)
                .extractingByKey("structuredContent").asString().contains("still here");
    }

    @Test
    @Order(3)
    void aCommandAPolicyRuleForbidsIsRefusedWithoutAskingAnyone() {
        client.call(15, "run_command", Map.of("command", "rm -rf /workspace"), Map.of());

        Map<String, Object> result = result(client.response(15, WAIT));
        assertThat(result).containsEntry("isError", true);
        assertThat(result.get("content").toString()).contains("no-delete-workspace", "without asking anyone");
        assertThat(ApprovalQueue.under(state).pending()).isEmpty();
        assertThat(workspace.resolve("old/a.txt")).exists();
    }

    @Test
    @Order(4)
    void withoutElicitationAnEscalationGoesToTheStartApproverAndRunsWhenApproved() throws Exception {
        ApprovalQueue queue = ApprovalQueue.under(state);
        client.call(20, "run_command", Map.of("command", "rm -rf old", "justification", "remove stale output"), Map.of());

        assertThat(Engine.eventually(() -> !queue.pending().isEmpty(), WAIT)).as("a request is queued").isTrue();
        PendingRequest pending = queue.pending().getFirst();
        assertThat(pending.request().command()).contains("rm -rf old");
        assertThat(pending.request().why()).contains("remove stale output");
        assertThat(workspace.resolve("old/a.txt")).as("nothing ran before the answer").exists();
        queue.answer(pending.request().id(), new Answer.Approved(Scope.ONCE, "tester"));

        Map<String, Object> result = result(client.response(20, WAIT));
        assertThat(result).containsEntry("isError", false);
        assertThat(workspace.resolve("old")).doesNotExist();
    }

    @Test
    @Order(5)
    void cancellationStopsTheCommandRemovesItsContainerAndSendsNoAnswer() {
        client.call(30, "run_command", Map.of("command", "echo started; sleep 300"), Map.of("progressToken", "slow"));
        Map<String, Object> started = client.await(m -> "notifications/progress".equals(m.get("method")), WAIT);
        assertThat(started.toString()).contains("started");
        assertThat(Engine.containersOwnedBy(client.process.toHandle())).as("the command runs in a container").isNotEmpty();

        client.send(Map.of("jsonrpc", "2.0", "method", "notifications/cancelled",
                "params", Map.of("requestId", 30, "reason", "the user pressed Esc")));

        assertThat(Engine.eventually(() -> Engine.containersOwnedBy(client.process.toHandle()).isEmpty(), WAIT))
                .as("the container is removed").isTrue();
        client.send(Map.of("jsonrpc", "2.0", "id", 31, "method", "ping"));
        client.response(31, WAIT);
        assertThat(client.all).noneMatch(m -> Integer.valueOf(30).equals(m.get("id")));
    }

    @Test
    @Order(6)
    void closingStdinEndsTheServerAndLeavesNoContainer() throws Exception {
        client.call(40, "run_command", Map.of("command", "sleep 300"), Map.of());
        assertThat(Engine.eventually(() -> !Engine.containersOwnedBy(client.process.toHandle()).isEmpty(), WAIT)).isTrue();
        // the owner label as it is now (pid and start time): pids wrap fast on a busy machine, and another test's
        // container may name this pid with another start time
        String owner = dev.airlock.runtime.docker.DockerRuntime.ownerOf(client.process.toHandle());

        client.process.getOutputStream().close();

        assertThat(client.process.waitFor(60, TimeUnit.SECONDS)).as("the server exits").isTrue();
        assertThat(client.process.exitValue()).as(client.stderr.toString()).isZero();
        assertThat(Cli.runtime().list(Map.of(dev.airlock.runtime.docker.DockerRuntime.OWNER_LABEL, owner))).isEmpty();
        assertThat(new String(Files.readAllBytes(auditLog()), StandardCharsets.UTF_8)).contains("session-ended");
    }

    private Path auditLog() throws IOException {
        try (var sessions = Files.list(state.resolve("sessions"))) {
            return sessions.findFirst().orElseThrow().resolve("audit.jsonl");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> error(Map<String, Object> message) {
        assertThat(message).containsKey("error");
        return (Map<String, Object>) message.get("error");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> result(Map<String, Object> message) {
        assertThat(message).containsKey("result");
        return (Map<String, Object>) message.get("result");
    }
}
