package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every container Airlock starts is removed: after success, after failure, on Ctrl-C, and after a kill -9. */
class LifecycleIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Process process;

    @AfterEach
    void stopProcess() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void noContainerRemainsAfterASuccessfulOrAFailedCommand() {
        Cli cli = new Cli(state);
        assertThat(cli.run("run", "--workspace", workspace.toString(), "--", "true").exit()).isZero();
        assertThat(cli.run("run", "--workspace", workspace.toString(), "--", "sh", "-c", "exit 3").exit()).isEqualTo(3);
        assertThat(cli.run("run", "--workspace", workspace.toString(), "--", "no-such-program").exit()).isEqualTo(127);

        assertThat(Engine.containersOwnedBy(ProcessHandle.current())).isEmpty();
    }

    @Test
    void ctrlCStopsTheCommandAndRemovesItsContainer() throws Exception {
        process = startSleeping();
        long pid = process.pid();

        new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("airlock exits after Ctrl-C").isTrue();
        assertThat(process.exitValue()).isEqualTo(130);
        assertThat(Engine.containersOfPid(pid)).isEmpty();
    }

    @Test
    void aKilledAirlockLeavesNoContainerBehind() throws Exception {
        process = startSleeping();
        long pid = process.pid();

        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        // the sandbox's stdin closes with the dead process, so the engine stops and removes it on its own
        assertThat(Engine.eventually(() -> Engine.containersOfPid(pid).isEmpty(), Duration.ofSeconds(20)))
                .as("containers of the killed airlock are gone").isTrue();
    }

    @Test
    void doctorRemovesContainersLeftByADeadAirlock() throws Exception {
        // a leftover as a crash of an older Airlock could leave it: labelled, owned by a process that is gone
        Process docker = new ProcessBuilder("docker", "run", "-d", "--label", "dev.airlock=true",
                "--label", "dev.airlock.session=s-leftover0001", "--label", "dev.airlock.owner=999999999@1",
                "--network", "none", "airlock/sandbox:latest", "sleep", "300").redirectErrorStream(true).start();
        String id = new String(docker.getInputStream().readAllBytes()).trim();
        assertThat(docker.waitFor()).as(id).isZero();
        assertThat(Engine.containersOf("s-leftover0001")).hasSize(1);

        var result = new Cli(state).run("doctor");

        assertThat(result.out()).contains("removed 1 container(s) left by a dead Airlock");
        assertThat(Engine.containersOf("s-leftover0001")).isEmpty();
    }

    private Process startSleeping() throws IOException {
        Process started = Jar.start(state, Map.of(), "run", "--workspace", workspace.toString(), "--", "sleep", "300");
        long pid = started.pid();
        assertThat(Engine.eventually(() -> !Engine.containersOfPid(pid).isEmpty(), Duration.ofSeconds(30)))
                .as("airlock started its container").isTrue();
        // the command itself must be running, not just the container
        assertThat(Engine.eventually(() -> execRunning(pid), Duration.ofSeconds(10))).isTrue();
        return started;
    }

    private static boolean execRunning(long pid) {
        return Engine.containersOfPid(pid).stream().anyMatch(s -> {
            try {
                Process top = new ProcessBuilder("docker", "top", s.id()).start();
                String out = new String(top.getInputStream().readAllBytes());
                return top.waitFor() == 0 && out.contains("sleep 300");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }
}
