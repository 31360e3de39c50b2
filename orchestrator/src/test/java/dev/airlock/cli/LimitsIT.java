package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Jar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits hold: processes, memory, time, output. Tight limits come from the workspace's own narrowing layer. */
class LimitsIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;

    private Cli.Result run(String limits, String... command) throws IOException {
        Files.createDirectories(workspace.resolve(".airlock/profiles"));
        Files.writeString(workspace.resolve(".airlock/profiles/workspace-write.json"), "{\"limits\": " + limits + "}");
        List<String> args = new ArrayList<>(List.of("run", "--workspace", workspace.toString(), "--"));
        args.addAll(List.of(command));
        return new Cli(state).run(args.toArray(String[]::new));
    }

    @Test
    void forkingStopsAtThePidsLimit() throws IOException {
        var result = run("{\"pids\": 40}", "python3", "-c", """
                import os, time
                n = 0
                while n < 1000:
                    try:
                        pid = os.fork()
                    except OSError as e:
                        print("fork failed after", n, "children:", e.strerror)
                        break
                    if pid == 0:
                        time.sleep(20)
                        os._exit(0)
                    n += 1
                """);

        assertThat(result.out()).as(result.toString()).contains("Resource temporarily unavailable").startsWith("fork failed after ");
        int children = Integer.parseInt(result.out().split(" ")[3]);
        assertThat(children).isBetween(1, 40);
    }

    @Test
    void aMemoryHogIsKilledAndTheUserIsToldWhy() throws IOException {
        var result = run("{\"memory\": \"96m\"}", "python3", "-c",
                "b = []\nwhile True: b.append(bytearray(8 * 1024 * 1024))");

        assertThat(result.exit()).as(result.toString()).isEqualTo(137);
        assertThat(result.err()).contains("hit the memory limit (96 MiB)");
    }

    @Test
    void aChildKilledForMemoryIsReportedThoughTheCommandExitsZero() throws IOException {
        // the hog runs in the background of a shell that shrugs its death off: exit 0, and yet it was killed
        Files.writeString(workspace.resolve("hog.sh"), "python3 -c 'b = []\nwhile True: b.append(bytearray(8 << 20))' &\n"
                + "wait\necho survived\n");
        var result = run("{\"memory\": \"96m\"}", "sh", "hog.sh");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("survived\n");
        assertThat(result.err()).contains("a process the command started hit the memory limit (96 MiB) and was killed, though the command exited 0");
        var session = java.util.regex.Pattern.compile("session (s-[a-z0-9]+)").matcher(result.err());
        assertThat(session.find()).as(result.toString()).isTrue();
        var log = new Cli(state).run("log", "--session", session.group(1));
        assertThat(log.out()).as(log.toString()).contains("(out of memory)");
    }

    @Test
    void theTimeoutFlagStopsTheCommandWithExit124() {
        var result = new Cli(state).run("run", "--workspace", workspace.toString(), "--timeout", "2s", "--", "sleep", "60");

        assertThat(result.exit()).isEqualTo(124);
        assertThat(result.err()).contains("ran longer than 2s and was stopped");
    }

    @Test
    void theProfilesDefaultTimeoutApplies() throws IOException {
        var result = run("{\"timeout\": \"2s\"}", "sh", "-c", "sleep 60; echo not-reached");

        assertThat(result.exit()).isEqualTo(124);
        assertThat(result.out()).doesNotContain("not-reached");
    }

    @Test
    void outputBeyondTheCapIsCutWithANotice() throws IOException {
        var result = run("{\"output\": \"64k\"}", "sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' a; echo done >&2");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).hasSize(64 * 1024).matches("a+");
        assertThat(result.err()).contains("done\n").contains("output was cut after 65536 bytes");
    }

    @Test
    void airlocksMemoryStaysFlatUnderHugeOutput() throws Exception {
        Files.createDirectories(workspace.resolve(".airlock/profiles"));
        Files.writeString(workspace.resolve(".airlock/profiles/workspace-write.json"), "{\"limits\": {\"output\": \"1m\"}}");
        // 400 MB through a JVM that may use 48 MB of heap: only streaming, never buffering, gets through
        List<String> cmd = new ArrayList<>(Jar.command("run", "--workspace", workspace.toString(), "--", "sh", "-c",
                "head -c 400000000 /dev/zero; echo end >&2"));
        cmd.add(1, "-Xmx48m");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(Map.of("AIRLOCK_STATE_DIR", state.toString()));
        Process p = pb.start();
        var err = new StringBuilder();
        Thread drainErr = Thread.ofVirtual().start(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes()));
            } catch (IOException ignored) {
                // the process died
            }
        });
        long outBytes = p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        drainErr.join();

        assertThat(p.exitValue()).as(err.toString()).isZero();
        assertThat(outBytes).isEqualTo(1 << 20);
        assertThat(err.toString()).contains("end").contains("output was cut").doesNotContain("OutOfMemoryError");
    }
}
