package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.ServerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server path as users take it (client, server, warm sessions, pool), sharing one server: warm sessions
 * keep their isolation, disposable runs share nothing, caches stay per workspace, and a killed server leaves
 * no container and loses no session.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerIT {

    @TempDir
    static Path state;
    @TempDir
    static Path wsA;
    @TempDir
    static Path wsB;
    static ServerClient airlock;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(wsA.resolve("a.txt"), "A\n");
        Files.writeString(wsB.resolve("b.txt"), "B\n");
        // the server looks for stale cache locks at every run, not once a minute, so the test can see them go
        airlock = new ServerClient(state, java.util.Map.of("AIRLOCK_LOCK_CHECK_SECONDS", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        airlock.close();
    }

    static String containerOf(Cli.Result json) {
        Matcher m = Pattern.compile("\"containerId\" : \"([0-9a-f]+)\"").matcher(json.out());
        assertThat(m.find()).as(json.toString()).isTrue();
        return m.group(1);
    }

    static String startSession(Path workspace) {
        var started = airlock.run("session", "start", "--workspace", workspace.toString());
        assertThat(started.exit()).as(started.toString()).isZero();
        return started.out().trim();
    }

    @Test
    @Order(1)
    void aWarmSessionKeepsItsContainerBetweenCommandsAndEscalatesToAnotherOne() {
        String s = startSession(wsA);

        var first = airlock.run("exec", "--session", s, "--json", "--", "sh", "-c", "echo kept > /tmp/state; cat a.txt");
        var second = airlock.run("exec", "--session", s, "--json", "--", "cat", "/tmp/state");
        var other = airlock.run("exec", "--session", s, "--json", "--profile", "full-access", "--", "cat", "/tmp/state");
        var back = airlock.run("exec", "--session", s, "--json", "--", "true");

        assertThat(first.out()).contains("A\\n");
        assertThat(second.out()).contains("\"stdout\" : \"kept\\n\"");
        assertThat(containerOf(second)).isEqualTo(containerOf(first));
        // another profile is another container over the same workspace; its /tmp is its own
        assertThat(containerOf(other)).isNotEqualTo(containerOf(first));
        assertThat(other.out()).contains("No such file");
        assertThat(containerOf(back)).isEqualTo(containerOf(first));

        assertThat(airlock.run("session", "stop", s).exit()).isZero();
        assertThat(Engine.containersOf(s)).isEmpty();
    }

    @Test
    @Order(2)
    void aSessionSeesNeitherAnotherSessionsWorkspaceNorItsProcesses() throws IOException {
        String a = startSession(wsA);
        String b = startSession(wsB);
        Process sleeper = airlock.builder("exec", "--session", b, "--", "sleep", "120").start();
        try {
            assertThat(Engine.eventually(() -> !Engine.containersOf(b).isEmpty(), Duration.ofSeconds(30))).isTrue();

            var look = airlock.run("exec", "--session", a, "--", "sh", "-c",
                    "ls /workspace; ps -eo comm | grep -cx sleep; find / -name b.txt 2>/dev/null | wc -l");

            assertThat(look.out()).isEqualTo("a.txt\n0\n0\n");
            assertThat(sleeper.isAlive()).isTrue();
        } finally {
            sleeper.destroy();
            airlock.run("session", "stop", a);
            airlock.run("session", "stop", b);
        }
    }

    @Test
    @Order(3)
    void disposableRunsShareNothingEvenFromThePool() {
        var write = airlock.run("run", "--workspace", wsA.toString(), "--", "sh", "-c", "echo leaked > /tmp/leak; echo leaked > ~/leak");
        var read = airlock.run("run", "--workspace", wsA.toString(), "--json", "--", "sh", "-c", "cat /tmp/leak ~/leak; true");
        var again = airlock.run("run", "--workspace", wsA.toString(), "--json", "--", "true");

        assertThat(write.exit()).as(write.toString()).isZero();
        assertThat(read.out()).doesNotContain("\"stdout\" : \"leaked").contains("No such file");
        assertThat(containerOf(read)).isNotEqualTo(containerOf(again));
    }

    @Test
    @Order(4)
    void toolCachesPersistPerWorkspaceStartEmptyAndLoseStaleLocks() {
        var first = airlock.run("run", "--workspace", wsA.toString(), "--", "sh", "-c",
                "ls -A ~/.npm | wc -l; mkdir -p ~/.npm/_locks && echo stale > ~/.npm/_locks/x.lock; echo kept > ~/.cache/marker");
        // locks are cleared only when no command of the workspace runs: the first run's container may still be going
        assertThat(Engine.eventually(() -> noCommandRunsIn(wsA), Duration.ofSeconds(30))).isTrue();
        var sameWorkspace = airlock.run("run", "--workspace", wsA.toString(), "--", "sh", "-c", "cat ~/.cache/marker; ls ~/.npm/_locks | wc -l");
        var otherWorkspace = airlock.run("run", "--workspace", wsB.toString(), "--", "sh", "-c", "cat ~/.cache/marker 2>&1; true");

        assertThat(first.out().trim()).as(first.toString()).isEqualTo("0"); // nothing of the host's caches: it starts empty
        // the cache is kept, the lock the first run left is gone although the pool holds containers of the workspace
        assertThat(sameWorkspace.out()).as(sameWorkspace.toString()).isEqualTo("kept\n0\n");
        assertThat(otherWorkspace.out()).contains("No such file");
    }

    /** Whether every container of the workspace is a pooled one waiting (none holds a command). */
    static boolean noCommandRunsIn(Path workspace) {
        String key = new dev.airlock.session.Workspace(workspace.toAbsolutePath()).key();
        return Engine.allContainers().stream().filter(c -> key.equals(c.labels().get("dev.airlock.workspace")))
                .allMatch(c -> c.labels().containsKey("dev.airlock.pooled"));
    }

    static java.util.Set<String> pooledOf(Path workspace) {
        String key = new dev.airlock.session.Workspace(workspace.toAbsolutePath()).key();
        return Engine.allContainers().stream().filter(c -> key.equals(c.labels().get("dev.airlock.workspace")))
                .filter(c -> "true".equals(c.labels().get("dev.airlock.pooled")))
                .peek(c -> assertThat(c.labels()).as("a pooled container names no session").doesNotContainKey("dev.airlock.session"))
                .map(c -> c.id()).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    @Order(4)
    void anAllowlistedRunTakesAPooledContainerMadeAfterAnotherSessionsRun(@TempDir Path ws, @TempDir Path ownState) throws Exception {
        String[] run = {"run", "--workspace", ws.toString(), "--json", "--profile", "network-allowlisted", "--", "true"};
        // a server of its own, so the pool it reports holds this workspace's containers only
        try (var own = new ServerClient(ownState)) {
            var first = own.run(run);
            assertThat(first.exit()).as(first.toString()).isZero();
            // the pool makes two ahead of the next run; a key that held the command's own state made them for nobody
            assertThat(Engine.eventually(() -> own.run("doctor").out().contains(" 2 pre-started container(s)"), Duration.ofSeconds(60)))
                    .isTrue();
            var ready = pooledOf(ws);

            var second = own.run(run);

            assertThat(second.exit()).as(second.toString()).isZero();
            assertThat(ready).as("the second run's container was made ahead").hasSize(2).contains(containerOf(second));
        }
    }

    @Test
    @Order(5)
    void manySessionsAtOnceLoseNoOutputAndNoAuditEvent() throws Exception {
        int sessions = 12;
        int commands = 4;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            ids.add(startSession(i % 2 == 0 ? wsA : wsB));
        }
        List<Future<String>> outputs = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < sessions; i++) {
                for (int c = 0; c < commands; c++) {
                    String id = ids.get(i);
                    String tag = i + "-" + c;
                    outputs.add(pool.submit((Callable<String>) () -> airlock.run("exec", "--session", id, "--", "sh", "-c",
                            "for n in $(seq 1 200); do echo " + tag + "-$n; done").out()));
                }
            }
            for (int k = 0; k < outputs.size(); k++) {
                String tag = (k / commands) + "-" + (k % commands);
                List<String> lines = outputs.get(k).get().lines().toList();
                assertThat(lines).hasSize(200).allMatch(l -> l.startsWith(tag + "-"));
            }
        }
        for (String id : ids) {
            var log = airlock.run("log", "--session", id, "--json");
            assertThat(log.out().lines().filter(l -> l.contains("\"type\":\"command\"")).count()).as(id).isEqualTo(commands);
            airlock.run("session", "stop", id);
        }
    }

    @Test
    @Order(6)
    void aKilledServerLeavesNoContainerAndLosesNoSession() throws Exception {
        String s = startSession(wsA);
        assertThat(airlock.run("exec", "--session", s, "--", "sh", "-c", "echo before").out()).isEqualTo("before\n");
        airlock.run("run", "--workspace", wsA.toString(), "--", "true"); // the pool now holds pre-started containers
        long pid = airlock.serverPid();
        assertThat(Engine.containersOfPid(pid)).isNotEmpty();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());

        var gc = new Cli(state).run("gc");
        assertThat(gc.exit()).isZero();
        assertThat(Engine.eventually(() -> Engine.containersOfPid(pid).isEmpty(), Duration.ofSeconds(20)))
                .as("no container of the killed server remains").isTrue();
        // a new server (started by the next command) continues the session from disk
        var after = airlock.run("exec", "--session", s, "--", "sh", "-c", "echo after");
        assertThat(after.out()).as(after.toString()).isEqualTo("after\n");
        assertThat(airlock.run("log", "--session", s).out()).contains("`sh -c echo before`").contains("`sh -c echo after`");
        airlock.run("session", "stop", s);
    }
}
