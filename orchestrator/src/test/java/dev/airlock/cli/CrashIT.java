package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import dev.airlock.testing.Scripts;
import dev.airlock.testing.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 1: an Airlock process killed with SIGKILL at a random moment of a command's life (starting,
 * checkpointing, running, diffing) or of a rollback, in a bounded loop of trials. After each: the workspace is
 * as before the operation or as after it (a rollback is never half done), the checkpoint store passes
 * {@code git fsck}, every audit log parses (a cut last line is tolerated: the kill can land in a write), no
 * container of the killed process is left once {@code airlock gc} ran, and the next command works.
 */
class CrashIT {

    static final int TRIALS = Integer.getInteger("airlock.crash.trials", 50);
    static final int FILES = 2000;

    @TempDir
    Path workspace;
    @TempDir
    Path state;

    @Test
    void killedAtRandomMomentsAirlockLeavesNothingHalfDone() throws Exception {
        for (int i = 0; i < FILES; i++) {
            Files.writeString(workspace.resolve("f" + i + ".txt"), "before " + i + "\n");
        }
        Cli cli = new Cli(state);
        Random random = new Random(18);
        // rewrites every file, so a rollback has much to put back and a kill can land in the middle of it
        List<String> rewrite = Scripts.opaque("for f in f*.txt; do echo after > \"$f\"; done; echo done > marker");
        // how long each takes when nothing kills it, so that kills fall anywhere from the JVM's start to its end
        long runMillis = timed(Jar.builder(state, Map.of("AIRLOCK_NO_SERVER", "1"),
                concat(List.of("run", "--workspace", workspace.toString(), "--"), rewrite)));
        String calibration = CheckpointIT.session(new Cli.Result(0, "", Files.readString(state.resolve("timed.out"))));
        long rollbackMillis = timed(Jar.builder(state, Map.of("AIRLOCK_NO_SERVER", "1"), "rollback", "--session", calibration));
        for (int i = 0; i < FILES; i++) {
            Files.writeString(workspace.resolve("f" + i + ".txt"), "before " + i + "\n");
        }
        Files.deleteIfExists(workspace.resolve("marker"));
        int killedRuns = 0;
        int killedRollbacks = 0;
        int finishedRollbacks = 0;
        List<String> notes = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            boolean rollback = trial % 3 == 2;
            Path output = state.resolve("trial-" + trial + ".out");
            Map<String, String> before = Trees.snapshot(workspace);
            Map<String, String> after;
            Process p;
            if (rollback) {
                var done = cli.run(concat(List.of("run", "--workspace", workspace.toString(), "--"), rewrite));
                assertThat(done.exit()).as("trial %d: %s", trial, done).isZero();
                String session = CheckpointIT.session(done);
                after = Trees.snapshot(workspace);
                // the rollback goes from `after` back to `before`
                p = Jar.builder(state, Map.of("AIRLOCK_NO_SERVER", "1"), "rollback", "--session", session)
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                Map<String, String> swap = before;
                before = after;
                after = swap;
            } else {
                List<String> args = new ArrayList<>(List.of("run", "--workspace", workspace.toString(), "--"));
                args.addAll(rewrite);
                p = Jar.builder(state, Map.of("AIRLOCK_NO_SERVER", "1"), args.toArray(String[]::new)).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                after = null; // what a command that ran to its end leaves; a command killed midway may leave less
            }
            Thread.sleep(random.nextLong(rollback ? rollbackMillis : runMillis));
            long pid = p.pid();
            boolean alive = p.isAlive();
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(output);
            if (alive) {
                if (rollback) {
                    killedRollbacks++;
                } else {
                    killedRuns++;
                }
            }

            fsckStores(trial);
            assertAuditParses(trial, notes);
            assertThat(cli.run("gc").exit()).isZero();
            assertThat(Engine.eventually(() -> Engine.containersOfPid(pid).isEmpty(), Duration.ofSeconds(20)))
                    .as("trial %d: containers of the killed airlock", trial).isTrue();
            // the next command of this workspace works, from wherever the kill left it (and finishes a rollback it cut)
            var next = cli.run("run", "--workspace", workspace.toString(), "--", "cat", "f0.txt");
            assertThat(next.exit()).as("trial %d: %s", trial, next).isZero();

            Map<String, String> now = Trees.snapshot(workspace);
            if (rollback) {
                boolean asBefore = now.equals(before);
                Map<String, String> wanted = after;
                boolean asAfter = now.equals(wanted);
                if (!asBefore && !asAfter) {
                    long differ = now.entrySet().stream().filter(e -> !e.getValue().equals(wanted.get(e.getKey()))).count();
                    throw new AssertionError("trial " + trial + ": a killed rollback left " + differ + " of " + now.size()
                            + " paths not rolled back\n" + out);
                }
                if (!asBefore) {
                    finishedRollbacks++;
                }
            } else {
                // the command's own steps may be cut midway; Airlock adds and removes nothing of its own
                assertThat(now.keySet()).as("trial %d\n%s", trial, out).isSubsetOf(union(before.keySet(), "marker"));
            }
            // back to the start for the next trial
            for (int i = 0; i < FILES; i++) {
                Files.writeString(workspace.resolve("f" + i + ".txt"), "before " + i + "\n");
            }
            Files.deleteIfExists(workspace.resolve("marker"));
        }
        System.out.printf("CrashIT: %d trials (a run takes %d ms, a rollback %d ms here), %d runs and %d rollbacks killed "
                + "before they ended, %d rollbacks done or finished after the kill; cut audit lines: %s%n", TRIALS, runMillis,
                rollbackMillis, killedRuns, killedRollbacks, finishedRollbacks, notes);
        assertThat(killedRuns + killedRollbacks).as("some kills landed while Airlock worked").isPositive();
    }

    private long timed(ProcessBuilder builder) throws Exception {
        long start = System.nanoTime();
        Process p = builder.redirectErrorStream(true).redirectOutput(state.resolve("timed.out").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(state.resolve("timed.out"))).isZero();
        return Math.max(1, (System.nanoTime() - start) / 1_000_000);
    }

    private void fsckStores(int trial) throws Exception {
        Path workspaces = state.resolve("workspaces");
        if (!Files.isDirectory(workspaces)) {
            return;
        }
        try (Stream<Path> stores = Files.list(workspaces)) {
            for (Path store : stores.map(w -> w.resolve("checkpoints.git")).filter(Files::isDirectory).toList()) {
                Process fsck = new ProcessBuilder("git", "--git-dir=" + store, "fsck", "--no-progress")
                        .redirectErrorStream(true).start();
                String out = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(fsck.waitFor()).as("trial %d: git fsck of %s\n%s", trial, store, out).isZero();
            }
        }
    }

    private void assertAuditParses(int trial, List<String> notes) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> all = Files.walk(state)) {
            all.filter(p -> p.getFileName().toString().endsWith(".jsonl")).forEach(logs::add);
        }
        for (Path log : logs) {
            String text = Files.readString(log);
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                boolean last = i == lines.length - 1; // no newline after it: the write was cut
                try {
                    json.readTree(lines[i]);
                } catch (IOException e) {
                    assertThat(last).as("trial %d: %s line %d does not parse: %s", trial, log, i + 1, lines[i]).isTrue();
                    notes.add("trial " + trial);
                }
            }
        }
    }

    private static java.util.Set<String> union(java.util.Set<String> a, String b) {
        var all = new java.util.HashSet<>(a);
        all.add(b);
        return all;
    }

    static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }
}
