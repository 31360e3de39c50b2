package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalQueue;
import dev.airlock.approval.PendingRequest;
import dev.airlock.approval.Scope;
import dev.airlock.testing.Crashes;
import dev.airlock.testing.Engine;
import dev.airlock.testing.ServerClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
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

    /**
     * Starts a write in read-only mode, which waits in the queue; returns the client and the request. The write
     * is a rename, so that a kill while it runs leaves the notes as they were or as it makes them.
     */
    private Waiting waiting() throws Exception {
        var warm = airlock.run("run", "--workspace", workspace.toString(), "--", "true");
        assertThat(warm.exit()).as(warm.toString()).isZero(); // the server runs before the request is made
        Path err = state.resolve("waiting.err");
        Process client = airlock.builder("run", "--mode", "read-only", "--approver", "queue", "--approval-timeout", "10m",
                        "--workspace", workspace.toString(), "--why", "update the notes", "--", "sh", "-c", "echo v2 > notes.tmp && mv notes.tmp notes.txt")
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
     * The moment the random kills rarely hit (the server polls for an answer every 100 ms): a person approved, and
     * the server was killed before it took the answer. The approval stood as if its command had run, and neither
     * {@code approvals} nor the audit said otherwise. Held here by stopping the server (SIGSTOP) while the answer
     * is written, then killing it.
     */
    @Test
    void anApprovalTheKilledServerNeverTookIsExpiredAndSaysSo() throws Exception {
        Waiting w = waiting();
        long server = airlock.serverPid();
        signal("STOP", server);
        try {
            ApprovalQueue.under(state).answer(w.id(), new Answer.Approved(Scope.ONCE, "alice"));
        } finally {
            kill(server);
        }
        assertThat(w.client().waitFor(60, TimeUnit.SECONDS)).as("the client ends with its server").isTrue();
        assertThat(w.client().exitValue()).as(Files.readString(w.err())).isEqualTo(125);

        var listed = airlock.run("approvals"); // starts a new server
        assertThat(listed.out()).as(listed.toString()).contains(w.id() + "  expired").contains("approved (once) by alice");
        assertThat(Crashes.auditNaming(state, w.id())).contains("\"approval-expired\"", "approved (once) by alice",
                "did not run");
        assertExpiredAndUnanswerable(w);
    }

    /**
     * The server killed at a random moment of an approval's life, in a loop bounded in count and time: while the
     * request waits, after a person approved it from another process but before the server took the answer, while
     * the approved command runs, or after it ended. Afterwards the request is never waiting nor silently gone: the
     * approval stands only if the server took it (and then the command ran or was cut by the kill, as any command
     * is), else it is expired and says why; nothing ran without an approval; a command that ended ran whole; the
     * store, the audit and the containers are as after any kill, and the next command works.
     */
    @Test
    void theServerKilledAtRandomMomentsOfAnApprovalLeavesItTakenOrExpiredNeverLost() throws Exception {
        int trials = Integer.getInteger("airlock.approvalkill.trials", 12);
        Duration within = Duration.ofSeconds(Integer.getInteger("airlock.approvalkill.seconds", 120));
        Random random = new Random(1818);
        // how long an approval takes to end its command when nothing kills it: approve, the server takes it, runs it
        Waiting first = waiting();
        long started = System.nanoTime();
        var approved = airlock.run("approve", first.id());
        assertThat(approved.exit()).as(approved.toString()).isZero();
        assertThat(first.client().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.client().exitValue()).as(Files.readString(first.err())).isZero();
        long span = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toMillis());
        Files.writeString(workspace.resolve("notes.txt"), "v1\n");

        Map<String, Integer> landed = new TreeMap<>();
        Set<Long> servers = new LinkedHashSet<>();
        long deadline = System.nanoTime() + within.toNanos();
        int trial = 0;
        for (; trial < trials && System.nanoTime() < deadline; trial++) {
            String name = "trial " + trial;
            Waiting w = waiting();
            long server = airlock.serverPid();
            servers.add(server);
            Path pendingFile = state.resolve("approvals/pending/" + w.id() + ".json");
            Path answerFile = state.resolve("approvals/answers/" + w.id() + ".json");
            // the approval comes 200 ms into the wait; the kill anywhere from the wait's start to just after its end
            long approveAt = 200;
            long killAt = random.nextLong(approveAt + span + 50);
            Path approveOut = state.resolve("approve-" + trial + ".out");
            ProcessBuilder approve = airlock.builder("approve", w.id()).redirectInput(new File("/dev/null"))
                    .redirectErrorStream(true).redirectOutput(approveOut.toFile());
            Process approver = null;
            if (killAt >= approveAt) {
                Thread.sleep(approveAt);
                approver = approve.start();
            }
            Thread.sleep(killAt - (approver == null ? 0 : approveAt));
            boolean commandEnded = !w.client().isAlive();
            kill(server);
            // what the kill left, before any new server (the approver's client may start one) looks at it
            boolean pendingLeft = Files.exists(pendingFile);
            boolean answerLeft = Files.exists(answerFile);
            if (approver == null) {
                approver = approve.start(); // after the kill: its client starts a new server
            }
            assertThat(approver.waitFor(120, TimeUnit.SECONDS)).as("%s: approve ended", name).isTrue();
            assertThat(w.client().waitFor(60, TimeUnit.SECONDS)).as("%s: the waiting client ended with its server", name).isTrue();
            String asked = Files.readString(w.err());
            String answered = Files.readString(approveOut);
            assertThat(w.client().exitValue()).as("%s: %s", name, asked).isIn(0, 125);
            assertThat(approver.exitValue()).as("%s: %s", name, answered).isIn(0, 2, 125);

            // the killed server's containers go first: a command cut by the kill may still be running in one
            var gc = airlock.run("gc");
            assertThat(gc.exit()).as("%s: %s", name, gc).isZero();
            assertThat(Engine.eventually(() -> Engine.containersOfPid(server).isEmpty(), Duration.ofSeconds(30)))
                    .as("%s: containers of the killed server: %s", name, Engine.containersOfPid(server)).isTrue();
            var listed = airlock.run("approvals");
            assertThat(listed.exit()).as("%s: %s", name, listed).isZero();
            assertThat(listed.out()).as(name).doesNotContain(w.id() + "  waiting");
            boolean expired = listed.out().contains(w.id() + "  expired");
            String notes = Files.readString(workspace.resolve("notes.txt"));
            assertThat(notes).as("%s: the notes are as before or as after", name).isIn("v1\n", "v2\n");
            if (w.client().exitValue() == 0) {
                assertThat(notes).as("%s: a command that ended ran whole: %s", name, asked).isEqualTo("v2\n");
            }
            if (notes.equals("v2\n")) {
                assertThat(approver.exitValue()).as("%s: nothing ran without an approval: %s", name, answered).isZero();
                assertThat(expired).as("%s: a command that ran is not expired", name).isFalse();
            }
            if (expired) {
                assertThat(notes).as("%s: an expired request ran nothing", name).isEqualTo("v1\n");
                assertThat(Crashes.auditNaming(state, w.id())).as(name).contains("\"approval-expired\"");
                var again = airlock.run("approve", w.id());
                assertThat(again.exit()).as("%s: %s", name, again).isEqualTo(2);
            } else {
                // the approval stands (or no one answered and it would show expired): the server took it before the kill
                assertThat(approver.exitValue()).as("%s: %s", name, answered).isZero();
                assertThat(pendingLeft).as("%s: an approval the killed server never took stands as if its command ran", name)
                        .isFalse();
            }
            String where = commandEnded ? "after the command ended"
                    : !answerLeft ? "while it waited"
                    : pendingLeft ? "after the approval, before the server took it"
                    : "after the server took the approval";
            landed.merge(where, 1, Integer::sum);

            Crashes.fsckStores(state, name);
            Crashes.assertAuditParses(state, name, new ArrayList<>());
            var next = airlock.run("run", "--workspace", workspace.toString(), "--", "cat", "notes.txt");
            assertThat(next.exit()).as("%s: the next command: %s", name, next).isZero();
            assertThat(next.out()).isEqualTo(notes);
            Files.writeString(workspace.resolve("notes.txt"), "v1\n");
            Files.deleteIfExists(workspace.resolve("notes.tmp")); // the command's own step, when the kill cut it there
        }
        servers.add(airlock.serverPid());
        airlock.close(); // the last server's pool goes with it
        for (long server : servers) {
            assertThat(Engine.eventually(() -> Engine.containersOfPid(server).isEmpty(), Duration.ofSeconds(60)))
                    .as("containers of server %d: %s", server, Engine.containersOfPid(server)).isTrue();
        }
        System.out.printf("ApprovalKillIT: %d server kills in a bounded %s (an approval's command uninterrupted: %d ms); "
                + "where they landed: %s%n", trial, within, span, landed);
        assertThat(trial).as("trials that ran").isPositive();
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

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", name, pid).isZero();
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
