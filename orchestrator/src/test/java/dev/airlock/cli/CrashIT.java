package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Crashes;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import dev.airlock.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 1: an Airlock process killed with SIGKILL at a random moment of a command's life (starting,
 * checkpointing, running, diffing) or of a rollback, in a bounded loop of trials. After each: the workspace is
 * as before the operation or as after it (a rollback is never half done), the checkpoint store passes
 * {@code git fsck}, every audit log parses (a cut last line is tolerated: the kill can land in a write), no
 * container of the killed process is left once {@code airlock gc} ran, and the next command works. The checks
 * are {@link Crashes}'s, shared with the server's {@code ServerCrashIT}.
 */
class CrashIT {

    static final int TRIALS = Integer.getInteger("airlock.crash.trials", 50);
    static final int FILES = 2000;
    static final Map<String, String> IN_PROCESS = Map.of("AIRLOCK_NO_SERVER", "1");

    @TempDir
    Path workspace;
    @TempDir
    Path state;

    @Test
    void killedAtRandomMomentsAirlockLeavesNothingHalfDone() throws Exception {
        Crashes.resetWorkspace(workspace, FILES);
        Cli cli = new Cli(state);
        Random random = new Random(18);
        List<String> rewrite = Crashes.rewrite();
        String[] run = Crashes.concat(List.of("run", "--workspace", workspace.toString(), "--"), rewrite);
        // how long each takes when nothing kills it, so that kills fall anywhere from the JVM's start to its end
        Path timedOut = state.resolve("timed.out");
        long runMillis = Crashes.timed(Jar.builder(state, IN_PROCESS, run), timedOut);
        String calibration = CheckpointIT.session(new Cli.Result(0, "", Files.readString(timedOut)));
        long rollbackMillis = Crashes.timed(Jar.builder(state, IN_PROCESS, "rollback", "--session", calibration), timedOut);
        Crashes.resetWorkspace(workspace, FILES);
        int killedRuns = 0;
        int killedRollbacks = 0;
        int finishedRollbacks = 0;
        List<String> cut = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            String name = "trial " + trial;
            boolean rollback = trial % 3 == 2;
            Path output = state.resolve("trial-" + trial + ".out");
            Map<String, String> before = Trees.snapshot(workspace);
            Map<String, String> after = null;
            ProcessBuilder killed;
            if (rollback) {
                var done = cli.run(run);
                assertThat(done.exit()).as("%s: %s", name, done).isZero();
                after = Trees.snapshot(workspace);
                // the rollback goes from `after` back to `before`
                killed = Jar.builder(state, IN_PROCESS, "rollback", "--session", CheckpointIT.session(done));
            } else {
                killed = Jar.builder(state, IN_PROCESS, run);
            }
            Process p = killed.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            Thread.sleep(random.nextLong(rollback ? rollbackMillis : runMillis));
            long pid = p.pid();
            boolean alive = p.isAlive();
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(output);
            if (alive && rollback) {
                killedRollbacks++;
            } else if (alive) {
                killedRuns++;
            }

            Crashes.fsckStores(state, name);
            Crashes.assertAuditParses(state, name, cut);
            assertThat(cli.run("gc").exit()).isZero();
            assertThat(Engine.eventually(() -> Engine.containersOfPid(pid).isEmpty(), Duration.ofSeconds(20)))
                    .as("%s: containers of the killed airlock", name).isTrue();
            // the next command of this workspace works, from wherever the kill left it (and finishes a rollback it cut)
            var next = cli.run("run", "--workspace", workspace.toString(), "--", "cat", "f0.txt");
            assertThat(next.exit()).as("%s: %s", name, next).isZero();

            Map<String, String> now = Trees.snapshot(workspace);
            if (rollback && Crashes.assertNotHalfRolledBack(now, after, before, name, out)) {
                finishedRollbacks++;
            } else if (!rollback) {
                Crashes.assertOnlyTheCommandsOwn(now, before, name, out);
            }
            Crashes.resetWorkspace(workspace, FILES);
        }
        System.out.printf("CrashIT: %d trials (a run takes %d ms, a rollback %d ms here), %d runs and %d rollbacks killed "
                + "before they ended, %d rollbacks done or finished after the kill; cut audit lines: %s%n", TRIALS, runMillis,
                rollbackMillis, killedRuns, killedRollbacks, finishedRollbacks, cut);
        assertThat(killedRuns + killedRollbacks).as("some kills landed while Airlock worked").isPositive();
    }
}
