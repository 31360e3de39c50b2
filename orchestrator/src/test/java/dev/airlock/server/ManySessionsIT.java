package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.audit.AuditEvent;
import dev.airlock.audit.AuditLog;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import dev.airlock.testing.ServerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded load through one server: {@code airlock.load.sessions} warm sessions on one workspace (or, with
 * {@code -Dairlock.load.workspaces=own}, one each), {@code airlock.load.commands} writing commands each, all at once,
 * in {@code airlock.load.rounds} identical rounds. No output or audit event is lost, no container outlives its session, and the server's open files and
 * threads, sampled every second, stay within bounds of what it had before the load (docs/RELIABILITY.md has the
 * figures). CI runs 10 x 10 twice here and 30 sessions in a stage of scripts/test of its own.
 */
class ManySessionsIT {

    static final int SESSIONS = Integer.getInteger("airlock.load.sessions", 10);
    static final int COMMANDS = Integer.getInteger("airlock.load.commands", 10);
    static final int ROUNDS = Integer.getInteger("airlock.load.rounds", 2);
    /**
     * {@code shared}: every session on one workspace, so all wait for its one checkpoint store, whose every
     * checkpoint reads the whole, growing workspace; {@code own}: each session its own workspace, as agents on
     * separate projects are, which measures the server rather than one store.
     */
    static final boolean OWN_WORKSPACES = System.getProperty("airlock.load.workspaces", "shared").equals("own");

    /**
     * Open files a session may hold while its command runs: its client's socket, its audit log (appender and
     * reader), the engine connections of its exec (the attached stream and a call beside it), the checkpoint
     * store's lock file, and one spare (a temporary file of the checkpoint). Past this, something is left open.
     */
    static final int FDS_PER_RUNNING_SESSION = 8;
    /**
     * With a workspace each, sessions do not queue on one store: every session's checkpoint and record run at the
     * same time as the others', each with its own store's lock, index and git's pipes open (measured: 381 fds at the
     * peak of 30 x 100, 12.2 a session). Still a bound per session, not per command.
     */
    static final int FDS_PER_RUNNING_SESSION_OWN_STORE = 14;
    /**
     * Open files left once every session is stopped: the engine client's pool keeps a connection idle for each
     * call that ran at once (no more than two a session: an exec's stream and a call beside it), to reuse it.
     */
    static final int IDLE_FDS_PER_SESSION = 2;
    /** Threads beyond the start: virtual threads' carriers added while others block in file I/O, the engine client's. */
    static final int SPARE_THREADS = 10;
    /**
     * With a workspace each, every session's command may block two virtual threads in file I/O at once (its store and
     * its audit log), and the scheduler may add a carrier for each (measured: 61 threads at the peak of 30 x 100).
     */
    static final int BLOCKING_THREADS_PER_SESSION = OWN_WORKSPACES ? 2 : 1;
    /** Carriers the scheduler added stay until they have idled for its keep-alive (30 s): the end is read after that. */
    static final Duration SETTLE = Duration.ofSeconds(90);
    static final int SPARE_FDS = 10;

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

        Proc max(Proc o) {
            return new Proc(Math.max(rssKb, o.rssKb), Math.max(fds, o.fds), Math.max(threads, o.threads));
        }

        @Override
        public String toString() {
            return "RSS " + rssKb / 1024 + " MB, fds " + fds + ", threads " + threads;
        }
    }

    /** The server's Java heap, committed and used, in kB, as {@code jcmd GC.heap_info} tells (any collector). */
    record Heap(long committedKb, long usedKb) {
        private static final Pattern GENERATION = Pattern.compile("total (\\d+)K, used (\\d+)K");

        /** With {@code collect}, after a full collection first: then "used" is what the server still holds. */
        static Heap of(long pid, boolean collect) throws IOException, InterruptedException {
            if (collect) {
                jcmd(pid, "GC.run");
            }
            long committed = 0;
            long used = 0;
            Matcher m = GENERATION.matcher(jcmd(pid, "GC.heap_info"));
            while (m.find()) {
                committed += Long.parseLong(m.group(1));
                used += Long.parseLong(m.group(2));
            }
            return new Heap(committed, used);
        }

        private static String jcmd(long pid, String what) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(Jar.java().resolveSibling("jcmd").toString(), Long.toString(pid), what)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        }

        @Override
        public String toString() {
            return "heap used " + usedKb / 1024 + " of " + committedKb / 1024 + " MB";
        }
    }

    /** Samples the server every second (its heap every tenth) while the load runs; keeps the peak. */
    static final class Sampler implements AutoCloseable {
        private final long pid;
        private final Thread thread;
        private volatile boolean stop;
        private Proc peak;
        private long peakHeapKb;
        private int samples;

        Sampler(long pid, Proc start) {
            this.pid = pid;
            this.peak = start;
            this.thread = Thread.ofPlatform().daemon().name("load-sampler").start(this::run);
        }

        private void run() {
            // bounded: a round ends or the test fails within the client's timeouts; an hour at most regardless
            for (int i = 0; !stop && i < 3600; i++) {
                try {
                    Proc now = Proc.of(pid);
                    long heap = i % 10 == 0 ? Heap.of(pid, false).usedKb() : 0;
                    synchronized (this) {
                        peak = peak.max(now);
                        peakHeapKb = Math.max(peakHeapKb, heap);
                        samples++;
                    }
                    Thread.sleep(1000);
                } catch (IOException e) {
                    return; // the server is gone: the test says why
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        synchronized Proc peak() {
            return peak;
        }

        synchronized long peakHeapKb() {
            return peakHeapKb;
        }

        synchronized int samples() {
            return samples;
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.interrupt();
            thread.join(Duration.ofSeconds(90));
        }
    }

    @Test
    void manySessionsOnOneWorkspaceLoseNoOutputNoAuditEventAndLeakNoContainer() throws Exception {
        Files.writeString(workspace.resolve("keep.txt"), "keep\n");
        for (int i = 0; i < SESSIONS; i++) {
            Files.createDirectories(workspaceOf(i));
        }
        try (ServerClient airlock = new ServerClient(state)) {
            String warmup = start(airlock, workspace);
            assertThat(airlock.run("exec", "--session", warmup, "--", "true").exit()).isZero();
            assertThat(airlock.run("session", "stop", warmup).exit()).isZero();
            long pid = airlock.serverPid();
            Proc start = Proc.of(pid);
            int startCarriers = carriers(threadNames(pid));
            Heap startHeap = Heap.of(pid, true);
            System.out.printf("ManySessionsIT: %d sessions x %d commands, %d round(s), %s; server pid %d at the start: %s, %s%n",
                    SESSIONS, COMMANDS, ROUNDS, OWN_WORKSPACES ? "a workspace each" : "one workspace", pid, start, startHeap);

            Proc previous = null;
            for (int round = 1; round <= ROUNDS; round++) {
                Proc after = round(airlock, pid, start, startCarriers, round);
                if (previous != null) {
                    // an identical round must not grow what the one before left; the engine client keeps idle
                    // connections for reuse, up to one per session that ran at once (seen: +8 in a 10-session CI run),
                    // while a leak per command would be COMMANDS per session
                    assertThat(after.fds()).as("open files after round " + round + " vs the one before")
                            .isLessThanOrEqualTo(previous.fds() + SESSIONS + 5);
                    assertThat(after.threads()).as("threads after round " + round + " vs the one before").isLessThanOrEqualTo(previous.threads() + 5);
                }
                previous = after;
            }
        }
    }

    private Proc round(ServerClient airlock, long pid, Proc start, int startCarriers, int round) throws Exception {
        Instant began = Instant.now();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(start(airlock, workspaceOf(i)));
        }
        List<String> lost = new ArrayList<>();
        Proc peak;
        long peakHeap;
        int samples;
        Proc loaded;
        try (Sampler sampler = new Sampler(pid, start);
             ExecutorService pool = Executors.newFixedThreadPool(SESSIONS)) {
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
            loaded = Proc.of(pid);
            sampler.close();
            peak = sampler.peak().max(loaded);
            peakHeap = sampler.peakHeapKb();
            samples = sampler.samples();
        }
        Duration load = Duration.between(began, Instant.now());
        for (String s : sessions) {
            assertThat(airlock.run("session", "stop", s).exit()).isZero();
        }
        Proc after = settled(pid, start);
        var names = threadNames(pid);
        Heap afterHeap = Heap.of(pid, true);
        System.out.printf("ManySessionsIT round %d: %d sessions x %d commands in %d s (sessions started, commands run);"
                        + " %d samples; peak %s, heap used at most %d MB; after the load %s; after stopping %s, %s after a full GC;"
                        + " %d commands lost or failed%n",
                round, SESSIONS, COMMANDS, load.toSeconds(), samples, peak, peakHeap / 1024, loaded, after, afterHeap, lost.size());

        assertThat(lost).as("commands whose output was lost or that failed").isEmpty();
        for (int i = 0; i < SESSIONS; i++) {
            for (int j = 0; j < COMMANDS; j++) {
                assertThat(workspaceOf(i).resolve("out-" + round + "-" + i + "-" + j + ".txt")).hasContent("out-" + round + "-" + i + "-" + j);
            }
            var log = AuditLog.read(state.resolve("sessions").resolve(sessions.get(i)).resolve("audit.jsonl"));
            assertThat(log.events().stream().filter(e -> e instanceof AuditEvent.CommandRan).count())
                    .as("command events in the audit log of " + sessions.get(i)).isEqualTo(COMMANDS);
            assertThat(Engine.containersOf(sessions.get(i))).as("containers left by " + sessions.get(i)).isEmpty();
        }
        assertThat(peak.fds()).as("open files at the peak of round " + round + " vs the start (" + start + ")")
                .isLessThanOrEqualTo(start.fds() + (OWN_WORKSPACES ? FDS_PER_RUNNING_SESSION_OWN_STORE : FDS_PER_RUNNING_SESSION) * SESSIONS + SPARE_FDS);
        assertThat(peak.threads()).as("threads at the peak of round " + round + " vs the start (" + start + ")")
                .isLessThanOrEqualTo(start.threads() + BLOCKING_THREADS_PER_SESSION * SESSIONS + SPARE_THREADS);
        assertThat(after.fds()).as("open files once round " + round + "'s sessions stopped vs the start (" + start + ")")
                .isLessThanOrEqualTo(start.fds() + IDLE_FDS_PER_SESSION * SESSIONS + SPARE_FDS);
        // the scheduler may keep idle carriers past its keep-alive (seen: 14 after 30 x 3 with a workspace each, 90 s
        // on): bounded by how many blocked at once, not by how many commands ran; every other thread must be gone
        assertThat(carriers(names)).as("carriers once round " + round + "'s sessions stopped: " + names)
                .isLessThanOrEqualTo(BLOCKING_THREADS_PER_SESSION * SESSIONS + SPARE_THREADS);
        assertThat(after.threads() - carriers(names)).as("threads but carriers once round " + round + "'s sessions stopped vs the"
                + " start (" + start + ", " + startCarriers + " carriers): " + names)
                .isLessThanOrEqualTo(start.threads() - startCarriers + SPARE_THREADS);
        return after;
    }

    /** The server once idle: read every second until its threads and files are within the end's bounds, for {@link #SETTLE} at most. */
    private static Proc settled(long pid, Proc start) throws IOException, InterruptedException {
        Instant until = Instant.now().plus(SETTLE);
        Proc now = Proc.of(pid);
        while (Instant.now().isBefore(until) && (now.threads() > start.threads() + SPARE_THREADS
                || now.fds() > start.fds() + IDLE_FDS_PER_SESSION * SESSIONS + SPARE_FDS)) {
            Thread.sleep(1000);
            now = Proc.of(pid);
        }
        return now;
    }

    /** The server's threads by name, digits folded ({@code ForkJoinPool-N-worker-N}), as {@code jcmd Thread.print} lists them. */
    static java.util.SortedMap<String, Integer> threadNames(long pid) throws IOException, InterruptedException {
        var names = new java.util.TreeMap<String, Integer>();
        for (String line : Heap.jcmd(pid, "Thread.print").split("\n")) {
            if (line.startsWith("\"") && line.indexOf('"', 1) > 0) {
                names.merge(line.substring(1, line.indexOf('"', 1)).replaceAll("[0-9]+", "N"), 1, Integer::sum);
            }
        }
        return names;
    }

    /** The virtual threads' carriers: the scheduler adds them while others block and keeps some idle ones for reuse. */
    static int carriers(java.util.Map<String, Integer> names) {
        return names.getOrDefault("ForkJoinPool-N-worker-N", 0);
    }

    private Path workspaceOf(int session) {
        return OWN_WORKSPACES ? workspace.resolve("w" + session) : workspace;
    }

    private String start(ServerClient airlock, Path where) {
        var started = airlock.run("session", "start", "--workspace", where.toString());
        assertThat(started.exit()).as(started.toString()).isZero();
        return started.out().trim();
    }
}
