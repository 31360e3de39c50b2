package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approval.ApprovalQueue;
import dev.airlock.approval.PendingRequest;
import dev.airlock.testing.Crashes;
import dev.airlock.testing.Engine;
import dev.airlock.testing.ServerClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 1, "while an approval waits": a command that needs a person's approval waits in the queue
 * ({@code --approver queue}, through the real server), and its waiter is killed with SIGKILL: the client (the
 * server then stops waiting for it) or the server (which held the wait). Afterwards the request is expired, not
 * lost nor pending forever: {@code airlock approvals} lists it as expired, {@code airlock approve} refuses it with
 * exit 2 and nothing runs, the session's audit log has {@code approval-expired}, and the next command works. A
 * server that starts expires the requests a dead server left before anyone looks at the queue.
 */
class ApprovalKillIT {

    @TempDir
    Path state;
    @TempDir
    Path workspace;
    ServerClient airlock;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(workspace.resolve("notes.txt"), "v1\n");
        airlock = new ServerClient(state);
    }

    @AfterEach
    void stop() throws Exception {
        airlock.close();
    }

    /** Starts a write in read-only mode, which waits in the queue; returns the client and the request. */
    private Waiting waiting() throws Exception {
        var warm = airlock.run("run", "--workspace", workspace.toString(), "--", "true");
        assertThat(warm.exit()).as(warm.toString()).isZero(); // the server runs before the request is made
        Path err = state.resolve("waiting.err");
        Process client = airlock.builder("run", "--mode", "read-only", "--approver", "queue", "--approval-timeout", "10m",
                        "--workspace", workspace.toString(), "--why", "update the notes", "--", "sh", "-c", "echo v2 > notes.txt")
                .redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile())
                .start();
        ApprovalQueue queue = ApprovalQueue.under(state);
        List<PendingRequest> pending = new ArrayList<>();
        assertThat(Engine.eventually(() -> {
            pending.addAll(queue.pending());
            return !pending.isEmpty();
        }, Duration.ofSeconds(60))).as("a request is queued: %s", Files.exists(err) ? Files.readString(err) : "").isTrue();
        return new Waiting(client, pending.getFirst(), err);
    }

    private record Waiting(Process client, PendingRequest request, Path err) {
        String id() {
            return request.request().id();
        }
    }

    @Test
    void theWaitingClientKilledLeavesItsRequestExpiredAndUnanswerable() throws Exception {
        Waiting w = waiting();
        long server = airlock.serverPid();
        w.client().destroyForcibly();
        assertThat(w.client().waitFor(30, TimeUnit.SECONDS)).isTrue();

        // the server saw its client go and stopped waiting: the request is expired, by the server that still runs
        assertThat(Engine.eventually(() -> airlock.run("approvals").out().contains(w.id() + "  expired"), Duration.ofSeconds(30)))
                .as("approvals: %s", airlock.run("approvals")).isTrue();
        assertExpiredAndUnanswerable(w);
        assertThat(airlock.serverPid()).as("the same server").isEqualTo(server);
    }

    @Test
    void theServerKilledWhileARequestWaitsLeavesItExpiredAndUnanswerable() throws Exception {
        Waiting w = waiting();
        long server = airlock.serverPid();
        kill(server);
        assertThat(w.client().waitFor(60, TimeUnit.SECONDS)).as("the client ends with its server").isTrue();
        assertThat(w.client().exitValue()).as(Files.readString(w.err())).isEqualTo(125);
        assertThat(Files.readString(w.err())).contains("lost the connection to the Airlock server");

        var listed = airlock.run("approvals"); // starts a new server
        assertThat(listed.out()).as(listed.toString()).contains(w.id() + "  expired").contains("pid " + server);
        assertThat(listed.out()).doesNotContain(w.id() + "  waiting");
        assertExpiredAndUnanswerable(w);
        assertThat(Engine.eventually(() -> Engine.containersOfPid(server).isEmpty(), Duration.ofSeconds(30)))
                .as("containers of the killed server").isTrue();
    }

    @Test
    void aServerThatStartsExpiresTheRequestsADeadServerLeftBeforeAnyoneLooks() throws Exception {
        Waiting w = waiting();
        long server = airlock.serverPid();
        kill(server);
        assertThat(w.client().waitFor(60, TimeUnit.SECONDS)).isTrue();
        Path pendingFile = state.resolve("approvals/pending/" + w.id() + ".json");
        assertThat(pendingFile).as("left by the killed server").exists();

        // a command that never looks at the queue starts the next server
        var next = airlock.run("run", "--workspace", workspace.toString(), "--", "cat", "notes.txt");
        assertThat(next.exit()).as(next.toString()).isZero();
        assertThat(airlock.serverPid()).isNotEqualTo(server);

        // read from the files, not through a look at the queue (which would expire it itself)
        assertThat(pendingFile).as("expired by the starting server").doesNotExist();
        assertThat(ApprovalQueue.under(state).expired()).extracting(x -> x.request().id()).contains(w.id());
        assertThat(Crashes.auditNaming(state, w.id())).contains("\"approval-expired\"");
        assertExpiredAndUnanswerable(w);
    }

    /**
     * SIGKILL, and waits until the process is gone: its client may learn of it (the socket closes) a moment before
     * the process is reaped, and until then its requests still have a live waiter (one run failed that way).
     */
    private static void kill(long pid) throws Exception {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroyForcibly();
        assertThat(handle.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    /** Answering is refused with exit 2 and runs nothing; the audit says why; the next command works. */
    private void assertExpiredAndUnanswerable(Waiting w) throws Exception {
        var approved = airlock.run("approve", w.id());
        assertThat(approved.exit()).as(approved.toString()).isEqualTo(2);
        assertThat(approved.err()).contains("expired");
        var listed = airlock.run("approvals");
        assertThat(listed.out()).as(listed.toString()).contains(w.id() + "  expired").doesNotContain(w.id() + "  waiting");
        assertThat(Crashes.auditNaming(state, w.id())).as("the audit of %s", w.request().request().session())
                .contains("\"approval-expired\"");
        var next = airlock.run("run", "--workspace", workspace.toString(), "--", "cat", "notes.txt");
        assertThat(next.exit()).as(next.toString()).isZero();
        assertThat(next.out()).isEqualTo("v1\n");
        assertThat(Files.readString(workspace.resolve("notes.txt"))).as("the approved command never ran").isEqualTo("v1\n");
        String session = w.request().request().session();
        assertThat(Engine.eventually(() -> Engine.containersOf(session).isEmpty(), Duration.ofSeconds(30)))
                .as("containers of %s", session).isTrue();
        Crashes.assertAuditParses(state, "after the kill", new ArrayList<>());
    }
}
