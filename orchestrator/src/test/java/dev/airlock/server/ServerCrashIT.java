package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Crashes;
import dev.airlock.testing.Engine;
import dev.airlock.testing.ServerClient;
import dev.airlock.testing.Trees;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 1, the server's half: the real Airlock server process (started on demand by the client, as a
 * user's launcher does) killed with SIGKILL at a random moment of a command's life, uniform over the time the same
 * operation takes through a warm server when nothing kills it: a warm session's {@code exec --session} and a plain
 * {@code run} (checkpoint, container, command, diff, record), and a {@code rollback}. After each trial (bounded in
 * count, {@code -Dairlock.servercrash.trials}, and in time, {@code -Dairlock.servercrash.seconds}): the client said
 * it lost its server (exit 125) unless its command had ended; the checkpoint store passes {@code git fsck}; every
 * audit line parses; {@code airlock gc} (which starts a new server) leaves no container of the killed server; the
 * workspace is as before or after (a rollback never half done); and the warm session's next command works in a new
 * server. The checks are {@link Crashes}'s, shared with the in-process {@code CrashIT}.
 */
class ServerCrashIT {

    static final int TRIALS = Integer.getInteger("airlock.servercrash.trials", 25);
    static final Duration WITHIN = Duration.ofSeconds(Integer.getInteger("airlock.servercrash.seconds", 120));
    static final int FILES = 1000;

    @TempDir
    Path workspace;
    @TempDir
    Path state;

    enum Kind { EXEC, RUN, ROLLBACK }

    @Test
    void theServerKilledAtRandomMomentsLeavesNothingHalfDoneAndTheSessionGoesOn() throws Exception {
        Crashes.resetWorkspace(workspace, FILES);
        Random random = new Random(1818);
        List<String> cut = new ArrayList<>();
        Map<String, Integer> phases = new TreeMap<>();
        Map<Kind, Integer> killed = new TreeMap<>();
        Map<Kind, Integer> tried = new TreeMap<>();
        int finishedRollbacks = 0;
        Set<Long> servers = new LinkedHashSet<>();
        try (ServerClient airlock = new ServerClient(state)) {
            var started = airlock.run("session", "start", "--workspace", workspace.toString());
            assertThat(started.exit()).as(started.toString()).isZero();
            String session = started.out().trim();
            String[] exec = Crashes.concat(List.of("exec", "--session", session, "--"), Crashes.rewrite());
            String[] run = Crashes.concat(List.of("run", "--workspace", workspace.toString(), "--"), Crashes.rewrite());

            // how long each takes through a warm server when nothing kills it (after a first command warmed both)
            Path timed = state.resolve("timed.out");
            Crashes.timed(airlock.builder(exec), timed);
            Map<Kind, Long> millis = new HashMap<>();
            millis.put(Kind.EXEC, Crashes.timed(airlock.builder(exec), timed));
            millis.put(Kind.RUN, Crashes.timed(airlock.builder(run), timed));
            millis.put(Kind.ROLLBACK, Crashes.timed(airlock.builder("rollback", "--session", sessionOf(Files.readString(timed))), timed));
            Crashes.resetWorkspace(workspace, FILES);

            long deadline = System.nanoTime() + WITHIN.toNanos();
            int trial = 0;
            for (; trial < TRIALS && System.nanoTime() < deadline; trial++) {
                String name = "trial " + trial;
                Kind kind = Kind.values()[trial % 3];
                tried.merge(kind, 1, Integer::sum);
                Map<String, String> before = Trees.snapshot(workspace);
                Map<String, String> after = null;
                ProcessBuilder builder;
                if (kind == Kind.ROLLBACK) {
                    var done = airlock.run(run);
                    assertThat(done.exit()).as("%s: %s", name, done).isZero();
                    after = Trees.snapshot(workspace);
                    builder = airlock.builder("rollback", "--session", sessionOf(done.err()));
                } else {
                    builder = airlock.builder(kind == Kind.EXEC ? exec : run);
                }
                long server = airlock.serverPid();
                servers.add(server);
                Map<Path, Integer> logLines = lineCounts();
                Path output = state.resolve("trial-" + trial + ".out");
                Process client = builder.redirectInput(new File("/dev/null")).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                Thread.sleep(random.nextLong(millis.get(kind)));
                boolean alive = client.isAlive();
                ProcessHandle handle = ProcessHandle.of(server).orElseThrow(() -> new AssertionError(name + ": no server " + server));
                handle.destroyForcibly();
                assertThat(handle.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
                assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("%s: the client ended once its server died", name).isTrue();
                String out = Files.readString(output);
                if (client.exitValue() != 0) {
                    // it knows it lost its server, and says so; it does not pass anything else off as the command's end
                    assertThat(client.exitValue()).as("%s: %s", name, out).isEqualTo(125);
                    assertThat(out).as(name).contains("lost the connection to the Airlock server");
                }
                if (alive) {
                    killed.merge(kind, 1, Integer::sum);
                    phases.merge(kind.name().toLowerCase() + ": " + phase(logLines), 1, Integer::sum);
                }

                Crashes.fsckStores(state, name);
                Crashes.assertAuditParses(state, name, cut);
                var gc = airlock.run("gc");
                assertThat(gc.exit()).as("%s: %s", name, gc).isZero();
                assertThat(Engine.eventually(() -> Engine.containersOfPid(server).isEmpty(), Duration.ofSeconds(30)))
                        .as("%s: containers of the killed server: %s", name, Engine.containersOfPid(server)).isTrue();
                // the warm session's next command works, in the new server (and finishes a rollback the kill cut)
                var next = airlock.run("exec", "--session", session, "--", "cat", "f0.txt");
                assertThat(next.exit()).as("%s: the session's next command: %s", name, next).isZero();

                Map<String, String> now = Trees.snapshot(workspace);
                if (kind == Kind.ROLLBACK && Crashes.assertNotHalfRolledBack(now, after, before, name, out)) {
                    finishedRollbacks++;
                } else if (kind != Kind.ROLLBACK) {
                    Crashes.assertOnlyTheCommandsOwn(now, before, name, out);
                }
                Crashes.resetWorkspace(workspace, FILES);
            }
            servers.add(airlock.serverPid());
            var stopped = airlock.run("session", "stop", session);
            assertThat(stopped.exit()).as(stopped.toString()).isZero();
            airlock.close();
            for (long server : servers) {
                assertThat(Engine.eventually(() -> Engine.containersOfPid(server).isEmpty(), Duration.ofSeconds(60)))
                        .as("containers of server %d: %s", server, Engine.containersOfPid(server)).isTrue();
            }
            assertThat(Engine.containersOf(session)).isEmpty();
            System.out.printf("ServerCrashIT: %d trials (%s) in a bounded %s (uninterrupted, through a warm server: %s ms); "
                    + "killed before they ended: %s; where the kill landed (the trial's last audit event): %s; "
                    + "%d rollbacks done or finished after the kill; cut audit lines: %s; %d servers killed%n", trial, tried,
                    WITHIN, millis, killed, phases, finishedRollbacks, cut, servers.size() - 1);
            assertThat(killed.values().stream().mapToInt(Integer::intValue).sum()).as("some kills landed while the server worked")
                    .isPositive();
        }
    }

    private static String sessionOf(String text) {
        Matcher m = Pattern.compile("session (s-[0-9a-z]+)").matcher(text);
        assertThat(m.find()).as("the run names its session:\n" + text).isTrue();
        return m.group(1);
    }

    /** How many lines each audit log has now. */
    private Map<Path, Integer> lineCounts() throws IOException {
        Map<Path, Integer> counts = new HashMap<>();
        for (Path log : Crashes.auditLogs(state)) {
            counts.put(log, (int) Files.readString(log).lines().count());
        }
        return counts;
    }

    /** Where the kill landed, by the last audit event the trial wrote (none: before its checkpoint). */
    private String phase(Map<Path, Integer> before) throws IOException {
        ObjectMapper json = new ObjectMapper();
        String last = "before any event";
        for (Path log : Crashes.auditLogs(state)) {
            List<String> lines = Files.readString(log).lines().toList();
            for (String line : lines.subList(Math.min(lines.size(), before.getOrDefault(log, 0)), lines.size())) {
                try {
                    last = "after " + json.readTree(line).path("type").asText();
                } catch (IOException e) {
                    last = "in a write (cut line)";
                }
            }
        }
        return last;
    }
}
