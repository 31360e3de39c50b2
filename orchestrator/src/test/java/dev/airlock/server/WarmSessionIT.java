package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approval.ApprovalQueue;
import dev.airlock.approval.PendingRequest;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Origin;
import dev.airlock.testing.Scripts;
import dev.airlock.testing.ServerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm sessions keep nothing of a command but its files: what it started dies with it, however it detached;
 * a later or concurrent command's {@code --env} values and files stay out of its reach; a replaced container
 * goes; and what was granted for one command (an {@code --allow-domain}, a network approval "once") ends with
 * it, while a grant for the session lasts. Through the real server, against the test's own loopback origin.
 */
class WarmSessionIT {

    @TempDir
    static Path state;
    @TempDir
    static Path scratch;
    static ServerClient airlock;
    static Origin origin;
    /** Commands that run at once each get a thread (the common pool may have one for all on a small machine). */
    static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    @TempDir
    Path workspace;
    final List<String> sessions = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        airlock = new ServerClient(state);
        origin = new Origin(scratch, "origin.test", "other.test");
    }

    @AfterAll
    static void stop() throws Exception {
        airlock.close();
        origin.close();
    }

    @BeforeEach
    void files() throws IOException {
        Files.writeString(workspace.resolve("a.txt"), "A\n");
    }

    @AfterEach
    void stopSessions() {
        sessions.forEach(s -> airlock.run("session", "stop", s));
        sessions.forEach(s -> Engine.containersOf(s).forEach(Cli.runtime()::remove));
    }

    private String startSession() {
        var started = airlock.run("session", "start", "--workspace", workspace.toString());
        assertThat(started.exit()).as(started.toString()).isZero();
        String id = started.out().trim();
        sessions.add(id);
        return id;
    }

    /** Arguments, then more. */
    private record Args(List<String> list) {
        String[] and(List<String> more) {
            List<String> all = new ArrayList<>(list);
            all.addAll(more);
            return all.toArray(String[]::new);
        }
    }

    private static Args args(String... first) {
        return new Args(List.of(first));
    }

    private static String containerOf(Cli.Result json) {
        Matcher m = Pattern.compile("\"containerId\" : \"([0-9a-f]+)\"").matcher(json.out());
        assertThat(m.find()).as(json.toString()).isTrue();
        return m.group(1);
    }

    /** The container's processes as the engine sees them from the host: {@code uid pid args} per line. */
    private static List<String> processes(String container) throws Exception {
        Process top = new ProcessBuilder("docker", "top", container, "-eo", "uid,pid,args").redirectErrorStream(true).start();
        String out = new String(top.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(top.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(top.exitValue()).as(out).isZero();
        return out.lines().skip(1).toList();
    }

    /** Polls /proc for MYTOKEN in any environment and for a .env in the workspace, forever, however started. */
    private static final String POLLER = """
            cat > /tmp/poll.sh <<'EOF'
            while :; do
              for e in /proc/[0-9]*/environ; do tr '\\0' '\\n' < "$e" 2>/dev/null | grep '^MYTOKEN=' >> /workspace/loot; done
              [ -e /workspace/.env ] && cp /workspace/.env /workspace/stolen
              echo "$1" >> /workspace/alive
              sleep 0.2
            done
            EOF
            setsid sh /tmp/poll.sh setsid </dev/null >/dev/null 2>&1 &
            nohup sh /tmp/poll.sh nohup </dev/null >/dev/null 2>&1 &
            (sh /tmp/poll.sh doublefork </dev/null >/dev/null 2>&1 &)
            env -i /bin/sh -c 'set -m; sh /tmp/poll.sh scrubbed </dev/null >/dev/null 2>&1 &'
            n=0; until [ "$(sort -u /workspace/alive 2>/dev/null | wc -l)" -ge 4 ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n+1)); done
            sort -u /workspace/alive
            """;

    @Test
    void whatACommandDetachedDiesWithItAndNeverSeesALaterCommandsSecretOrFiles() throws Exception {
        String s = startSession();
        var attack = airlock.run(args("exec", "--session", s, "--json", "--").and(Scripts.opaque(POLLER)));
        // all four pollers ran while the command did: the attack is real
        assertThat(attack.out()).as(attack.toString()).contains("doublefork\\nnohup\\nscrubbed\\nsetsid\\n");
        String container = containerOf(attack);

        // from the host: nothing of the command is left in its container; the idle process is
        List<String> after = processes(container);
        assertThat(after).noneMatch(p -> p.contains("poll.sh") || p.contains("sleep"));
        assertThat(after).anyMatch(p -> p.endsWith(" /run/airlock-helper idle"));
        Files.delete(workspace.resolve("alive"));

        String token = "tok-" + UUID.randomUUID();
        var secret = airlock.run(Map.of("MYTOKEN", token), "exec", "--session", s, "--json", "--env", "MYTOKEN", "--",
                "sh", "-c", "sleep 1; echo ${#MYTOKEN}");
        assertThat(secret.out()).as(secret.toString()).contains("\"stdout\" : \"" + token.length() + "\\n\"");
        assertThat(containerOf(secret)).isEqualTo(container); // still warm: the same container, with nothing left in it

        // the user adds a secret file: the next command gets a container that masks it, and the old one goes
        Files.writeString(workspace.resolve(".env"), "API_KEY=user-secret\n");
        var later = airlock.run(args("exec", "--session", s, "--json", "--").and(Scripts.opaque("sleep 1; wc -c < .env")));
        assertThat(later.out()).as(later.toString()).contains("\"stdout\" : \"0\\n\"");
        assertThat(containerOf(later)).isNotEqualTo(container);
        assertThat(Engine.containersOf(s)).extracting(c -> c.id()).containsExactly(containerOf(later));

        assertThat(workspace.resolve("alive")).doesNotExist();
        assertThat(workspace.resolve("stolen")).doesNotExist();
        assertThat(Files.exists(workspace.resolve("loot")) ? Files.readString(workspace.resolve("loot")) : "").doesNotContain(token);
    }

    @Test
    void theIdleProcessIsOutOfACommandsReach() {
        String s = startSession();
        var first = airlock.run("exec", "--session", s, "--json", "--", "true");
        var attack = airlock.run(args("exec", "--session", s, "--json", "--").and(Scripts.opaque(
                "for p in $(pgrep -x airlock-helper) 1; do kill -9 $p 2>/dev/null || echo refused; done; "
                        + "cat /proc/$(pgrep -x airlock-helper)/environ 2>/dev/null || echo unreadable; echo done")));
        var next = airlock.run("exec", "--session", s, "--json", "--", "true");

        assertThat(attack.out()).as(attack.toString()).contains("refused\\nrefused\\nunreadable\\ndone");
        assertThat(containerOf(next)).isEqualTo(containerOf(first));
    }

    @Test
    void concurrentCommandsOfASessionSeeNeitherEachOthersProcessesNorEnvironment() throws Exception {
        String s = startSession();
        String token = "tok-" + UUID.randomUUID();
        var holder = CompletableFuture.supplyAsync(() -> airlock.run(Map.of("MYTOKEN", token), "exec", "--session", s,
                "--json", "--env", "MYTOKEN", "--", "sh", "-c", "touch /workspace/holding; sleep 6; echo held"), THREADS);
        assertThat(Engine.eventually(() -> Files.exists(workspace.resolve("holding")), Duration.ofSeconds(60))).isTrue();

        var snoop = airlock.run(args("exec", "--session", s, "--json", "--").and(Scripts.opaque(
                "cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c '^MYTOKEN='; "
                        + "ps -eo args | grep -c '^sleep 6'")));
        var held = holder.get(120, TimeUnit.SECONDS);

        assertThat(snoop.out()).as(snoop.toString()).contains("\"stdout\" : \"0\\n0\\n\"");
        assertThat(held.out()).as(held.toString()).contains("held");
        assertThat(containerOf(snoop)).isNotEqualTo(containerOf(held));
        // the container the second command got was its own: it is gone
        assertThat(Engine.containersOf(s)).extracting(c -> c.id()).containsExactly(containerOf(held));
    }

    // --- grants: once is one command, session is the session ---------------------------------------------

    private String url(String host, String path) {
        return "http://" + host + ":" + origin.httpPort() + path;
    }

    /** A curl the assessment cannot see into, printing the status the proxy or origin gave. */
    private List<String> curl(String host, String path) {
        return Scripts.opaque("curl -s -o /dev/null -w '%{http_code}\\n' " + url(host, path));
    }

    private List<String> exec(String session, String approver, List<String> options, List<String> command) {
        List<String> args = new ArrayList<>(List.of("exec", "--session", session, "--approver", approver, "--profile",
                "network-allowlisted", "--resolve", "origin.test=127.0.0.1", "--resolve", "other.test=127.0.0.1"));
        args.addAll(options);
        args.add("--");
        args.addAll(command);
        return args;
    }

    private Cli.Result run(String session, String approver, List<String> options, List<String> command) {
        return airlock.run(exec(session, approver, options, command).toArray(String[]::new));
    }

    private CompletableFuture<Cli.Result> start(String session, String approver, List<String> command) {
        return CompletableFuture.supplyAsync(() -> run(session, approver, List.of(), command), THREADS);
    }

    /** The live network question of one command, once it waits. */
    private static PendingRequest question(List<String> argv, String host) {
        ApprovalQueue queue = ApprovalQueue.under(state);
        assertThat(Engine.eventually(() -> find(queue, argv, host).isPresent(), Duration.ofSeconds(30)))
                .as("a question about " + host + " for " + argv).isTrue();
        return find(queue, argv, host).orElseThrow();
    }

    private static Optional<PendingRequest> find(ApprovalQueue queue, List<String> argv, String host) {
        return queue.pending().stream()
                .filter(p -> p.request().argv().equals(argv) && p.request().kind().toString().contains(host)).findFirst();
    }

    private String grants(String session) {
        return airlock.run("grants", "--session", session).out();
    }

    @Test
    void anAllowDomainAndAnApprovalOnceEndWithTheirCommandAndASessionGrantLasts() throws Exception {
        String s = startSession();
        String port = String.valueOf(origin.httpPort());

        var allowed = run(s, "deny", List.of("--allow-domain", "origin.test:" + port), curl("origin.test", "/one"));
        var after = run(s, "deny", List.of(), curl("origin.test", "/two"));
        assertThat(allowed.out()).as(allowed.toString()).isEqualTo("200\n");
        assertThat(after.out()).as(after.toString()).isEqualTo("403\n");
        assertThat(grants(s)).contains("has no grants");

        List<String> onceCommand = curl("origin.test", "/three");
        var once = start(s, "queue", onceCommand);
        assertThat(new Cli(state).run("approve", question(onceCommand, "origin.test").request().id(), "--scope", "once").exit()).isZero();
        assertThat(once.get(120, TimeUnit.SECONDS).out()).isEqualTo("200\n");
        var afterOnce = run(s, "deny", List.of(), curl("origin.test", "/four"));
        assertThat(afterOnce.out()).as(afterOnce.toString()).isEqualTo("403\n");
        assertThat(grants(s)).contains("has no grants");

        List<String> sessionCommand = curl("origin.test", "/five");
        var forSession = start(s, "queue", sessionCommand);
        assertThat(new Cli(state).run("approve", question(sessionCommand, "origin.test").request().id(), "--scope", "session").exit()).isZero();
        assertThat(forSession.get(120, TimeUnit.SECONDS).out()).isEqualTo("200\n");
        var afterSession = run(s, "deny", List.of(), curl("origin.test", "/six"));
        assertThat(afterSession.out()).as(afterSession.toString()).isEqualTo("200\n");
        assertThat(grants(s)).contains("network connections to origin.test:" + port);

        assertThat(origin.requests()).anyMatch(r -> r.startsWith("GET /one")).anyMatch(r -> r.startsWith("GET /three"))
                .anyMatch(r -> r.startsWith("GET /five")).anyMatch(r -> r.startsWith("GET /six"))
                .noneMatch(r -> r.startsWith("GET /two")).noneMatch(r -> r.startsWith("GET /four"));
    }

    @Test
    void aConcurrentCommandCannotUseAnotherOnesGrantAndItsQuestionsNameItself() throws Exception {
        String s = startSession();
        String port = String.valueOf(origin.httpPort());
        // the holder has origin.test for itself, and uses it only when told to, while the other command runs
        List<String> holderCommand = Scripts.opaque("touch /workspace/holding; n=0; until [ -e /workspace/go ] || [ $n -ge 300 ]; "
                + "do sleep 0.1; n=$((n+1)); done; curl -s -o /dev/null -w '%{http_code}\\n' " + url("origin.test", "/holder"));
        var holder = CompletableFuture.supplyAsync(() -> run(s, "deny", List.of("--allow-domain", "origin.test:" + port), holderCommand), THREADS);
        assertThat(Engine.eventually(() -> Files.exists(workspace.resolve("holding")), Duration.ofSeconds(60))).isTrue();

        List<String> thiefCommand = Scripts.opaque("ls /run/airlock 2>&1 | head -1; "
                + "curl -s -o /dev/null -w '%{http_code}\\n' " + url("origin.test", "/thief"));
        var thief = start(s, "queue", thiefCommand);
        // the proxy asks about the thief's connection on the thief's behalf (the holder's grant does not cover it)
        PendingRequest asked = question(thiefCommand, "origin.test");
        assertThat(new Cli(state).run("deny", asked.request().id()).exit()).isZero();
        var stolen = thief.get(120, TimeUnit.SECONDS);
        Files.writeString(workspace.resolve("go"), "");
        var held = holder.get(120, TimeUnit.SECONDS);

        assertThat(stolen.out()).as(stolen.toString()).contains("Permission denied").endsWith("403\n");
        assertThat(held.out()).as(held.toString()).isEqualTo("200\n");
        assertThat(ApprovalQueue.under(state).pending()).noneMatch(p -> p.request().argv().equals(holderCommand));
        assertThat(origin.requests()).anyMatch(r -> r.startsWith("GET /holder")).noneMatch(r -> r.startsWith("GET /thief"));
        assertThat(grants(s)).contains("has no grants");
    }
}
