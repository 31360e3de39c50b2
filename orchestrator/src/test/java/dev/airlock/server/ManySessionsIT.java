package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.ServerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded load through one server: {@value #SESSIONS} warm sessions on one workspace, {@value #COMMANDS} writing
 * commands each, all at once. No output or audit event is lost, no container outlives its session, and the
 * server's memory and open files after are printed (docs/RELIABILITY.md has the figures), bounded by a generous cap.
 */
class ManySessionsIT {

    static final int SESSIONS = Integer.getInteger("airlock.load.sessions", 10);
    static final int COMMANDS = Integer.getInteger("airlock.load.commands", 10);

    @TempDir
    Path state;
    @TempDir
    Path workspace;

    record Proc(long rssKb, int fds, int threads) {
        static Proc of(long pid) throws IOException {
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
            try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                return new Proc(rss, (int) fds.count(), threads);
            }
        }
    }

    @Test
    void manySessionsOnOneWorkspaceLoseNoOutputNoAuditEventAndLeakNoContainer() throws Exception {
        Files.writeString(workspace.resolve("keep.txt"), "keep\n");
        try (ServerClient airlock = new ServerClient(state)) {
            String warmup = start(airlock);
            assertThat(airlock.run("exec", "--session", warmup, "--", "true").exit()).isZero();
            assertThat(airlock.run("session", "stop", warmup).exit()).isZero();
            long pid = airlock.serverPid();
            Proc before = Proc.of(pid);

            Proc first = round(airlock, pid, before, 1);
            Proc second = round(airlock, pid, first, 2);
            // a second identical round must not grow what the first left: open files and threads are bounded
            assertThat(second.fds()).as("open files after round 2 vs round 1").isLessThanOrEqualTo(first.fds() + 5);
            assertThat(second.threads()).as("threads after round 2 vs round 1").isLessThanOrEqualTo(first.threads() + 5);
        }
    }

    private Proc round(ServerClient airlock, long pid, Proc before, int round) throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(start(airlock));
        }
        List<String> lost = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(SESSIONS)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    List<String> missing = new ArrayList<>();
                    for (int j = 0; j < COMMANDS; j++) {
                        String token = "out-" + round + "-" + n + "-" + j;
                        Cli.Result r = airlock.run("exec", "--session", sessions.get(n), "--", "sh", "-c",
                                "echo " + token + " > " + token + ".txt; seq 1 2000 | tail -1; echo " + token);
                        if (r.exit() != 0 || !r.out().contains("2000\n" + token + "\n")) {
                            missing.add(token + ": " + r);
                        }
                    }
                    return missing;
                }));
            }
            for (var f : results) {
                lost.addAll(f.get());
            }
        }
        Proc during = Proc.of(pid);
        for (String s : sessions) {
            assertThat(airlock.run("session", "stop", s).exit()).isZero();
        }
        Proc after = Proc.of(pid);
        System.out.printf("ManySessionsIT round %d: %d sessions x %d commands; server pid %d: before RSS %d kB, fds %d, threads %d;"
                        + " after the load %d kB, fds %d, threads %d; after stopping %d kB, fds %d, threads %d%n",
                round, SESSIONS, COMMANDS, pid, before.rssKb(), before.fds(), before.threads(), during.rssKb(), during.fds(),
                during.threads(), after.rssKb(), after.fds(), after.threads());

        assertThat(lost).as("commands whose output was lost or that failed").isEmpty();
        for (int i = 0; i < SESSIONS; i++) {
            for (int j = 0; j < COMMANDS; j++) {
                assertThat(workspace.resolve("out-" + round + "-" + i + "-" + j + ".txt")).hasContent("out-" + round + "-" + i + "-" + j);
            }
            var log = dev.airlock.audit.AuditLog.read(state.resolve("sessions").resolve(sessions.get(i)).resolve("audit.jsonl"));
            assertThat(log.events().stream().filter(e -> e instanceof dev.airlock.audit.AuditEvent.CommandRan).count())
                    .as("command events in the audit log of " + sessions.get(i)).isEqualTo(COMMANDS);
            assertThat(Engine.containersOf(sessions.get(i))).as("containers left by " + sessions.get(i)).isEmpty();
        }
        return after;
    }

    private String start(ServerClient airlock) {
        var started = airlock.run("session", "start", "--workspace", workspace.toString());
        assertThat(started.exit()).as(started.toString()).isZero();
        return started.out().trim();
    }
}
