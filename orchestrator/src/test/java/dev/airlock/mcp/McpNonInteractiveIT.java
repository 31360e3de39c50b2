package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approval.ApprovalQueue;
import dev.airlock.approval.PendingRequest;
import dev.airlock.testing.Audits;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that declares elicitation and answers every question at once, as {@code codex exec} and
 * {@code claude -p} do: nobody was asked, so the request falls through to the approver given at start (the
 * queue, answered by {@code airlock approve} in another process), and the audit names who answered, never
 * "the user declined". Without another approver it is refused, saying nobody could be asked.
 */
class McpNonInteractiveIT {

    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path state;
    @TempDir
    Path workspace;
    // closed after each test, also when it fails
    final List<RawClient> started = new java.util.ArrayList<>();
    RawClient client;

    @AfterEach
    void closeClients() {
        started.forEach(RawClient::close);
    }

    RawClient start(String... approver) throws IOException {
        Files.createDirectories(workspace.resolve("old"));
        Files.writeString(workspace.resolve("old/a.txt"), "a\n");
        List<String> args = new java.util.ArrayList<>(List.of("--workspace", workspace.toString(), "--mode", "default"));
        args.addAll(List.of(approver));
        client = new RawClient(state, args.toArray(String[]::new));
        started.add(client);
        // like codex exec: elicitation declared, every question declined before anyone could read it
        client.answerer = request -> Map.of("action", "decline");
        client.initialize(Map.of("elicitation", Map.of()), "codex-mcp-client");
        return client;
    }

    @Test
    void anInstantDeclineFallsThroughToTheQueueAndTheAuditNamesWhoApproved() throws Exception {
        start("--approver", "elicit,queue");
        ApprovalQueue queue = ApprovalQueue.under(state);

        client.call(1, "run_command", Map.of("command", "rm -rf old", "justification", "remove stale output"), Map.of());

        assertThat(Engine.eventually(() -> !queue.pending().isEmpty(), WAIT)).as("the request reaches the queue").isTrue();
        assertThat(client.all).as("the client was asked once").filteredOn(m -> "elicitation/create".equals(m.get("method")))
                .hasSize(1);
        PendingRequest pending = queue.pending().getFirst();
        assertThat(workspace.resolve("old/a.txt")).as("nothing ran before the answer").exists();
        Process approve = Jar.start(state, Map.of("USER", "alice"), "approve", pending.request().id());
        assertThat(approve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(approve.exitValue()).isZero();

        Map<String, Object> result = result(client.response(1, WAIT));
        assertThat(result).containsEntry("isError", false);
        assertThat(workspace.resolve("old")).doesNotExist();
        String audit = audit();
        assertThat(audit).contains("alice (airlock approve)").doesNotContain("the user declined");

        // a second escalation goes straight to the queue: the client is not asked again
        // (not build output: deleting that is not asked about in default mode)
        client.call(2, "run_command", Map.of("command", "rm -rf notes"), Map.of());
        assertThat(Engine.eventually(() -> !queue.pending().isEmpty(), WAIT)).isTrue();
        assertThat(client.all).filteredOn(m -> "elicitation/create".equals(m.get("method"))).hasSize(1);
        Process deny = Jar.start(state, Map.of("USER", "bob"), "deny", queue.pending().getFirst().request().id(),
                "--reason", "not now");
        assertThat(deny.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, Object> refused = result(client.response(2, WAIT));
        assertThat(refused).containsEntry("isError", true);
        assertThat(refused.get("content").toString()).contains("not now").doesNotContain("the user declined");
    }

    @Test
    void withNoOtherApproverAnInstantDeclineIsRefusedSayingNobodyCouldBeAsked() throws Exception {
        start();

        client.call(1, "run_command", Map.of("command", "rm -rf old"), Map.of());

        Map<String, Object> result = result(client.response(1, WAIT));
        assertThat(result).containsEntry("isError", true);
        assertThat(result.get("content").toString()).contains("nobody could be asked", "--approver elicit,queue")
                .doesNotContain("the user declined");
        assertThat(workspace.resolve("old/a.txt")).exists();
        assertThat(ApprovalQueue.under(state).pending()).isEmpty();
        assertThat(audit()).contains("nobody could be asked").doesNotContain("the user declined");
    }

    String audit() throws IOException {
        return Audits.all(state);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> result(Map<String, Object> response) {
        assertThat(response).as("a result, not an error").containsKey("result");
        return (Map<String, Object>) response.get("result");
    }
}
