package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import dev.airlock.testing.ServerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * #17: Ctrl-C, as a real SIGINT to the real CLI process, in-process and through the server's native client: exit
 * 130, and the stopped command is in log, report and --json as interrupted, with the file it wrote before.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CtrlCIT {

    /** Writes a file, then waits to be stopped: the file is what it changed before Ctrl-C. */
    private static final String[] COMMAND = {"--", "sh", "-c", "echo new > made.txt; exec sleep 300"};

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Process process;
    ServerClient server;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroyForcibly();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ctrlCInProcessExits130AndTheCommandIsInLogAndReportAsInterruptedWithWhatItChanged() throws Exception {
        process = Jar.builder(state, Map.of(), args("run")).start();
        var streams = Streams.of(process);

        var err = interruptOnceItRuns(streams);

        assertThat(process.exitValue()).as(err).isEqualTo(130);
        assertThat(err).contains("c-1 was interrupted and stopped before it ended; it changed 1 file(s) up to then")
                .doesNotContain("lost the connection").doesNotContain("internal error");
        String session = session(err);
        var cli = new Cli(state);
        assertRecordedAsInterrupted(cli.run("log", "--session", session), cli.run("report", "--session", session),
                cli.run("report", "--session", session, "--format", "json"));
        assertThat(Engine.containersOfPid(process.pid())).isEmpty();
    }

    @Test
    void ctrlCWithJsonPrintsTheInterruptedResultWithItsChanges() throws Exception {
        process = Jar.builder(state, Map.of(), args("run", "--json")).start();
        var streams = Streams.of(process);

        interruptOnceItRuns(streams);

        assertThat(process.exitValue()).isEqualTo(130);
        JsonNode doc = new ObjectMapper().readTree(streams.out());
        assertThat(doc.path("interrupted").asBoolean()).as(doc.toString()).isTrue();
        assertThat(doc.path("exitCode").asInt()).isEqualTo(130);
        assertThat(doc.path("changes").path("added").toString()).contains("made.txt");
    }

    @Test
    void ctrlCThroughTheServerExits130AndTheCommandIsRecordedAsInterrupted() throws Exception {
        server = new ServerClient(state);
        process = server.builder(args("run")).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var streams = Streams.of(process);

        var err = interruptOnceItRuns(streams);

        assertThat(process.exitValue()).as(err).isEqualTo(130);
        assertThat(err).contains("c-1 was interrupted and stopped before it ended").doesNotContain("lost the connection");
        String session = session(err);
        assertRecordedAsInterrupted(server.run("log", "--session", session), server.run("report", "--session", session),
                server.run("report", "--session", session, "--format", "json"));
    }

    /**
     * #18: a client killed after its command ran, while the server waits for the checkpoint store to record it
     * (the test holds the store's lock, as 29 other sessions did in the load run): the record is still written.
     */
    @Test
    void aClientKilledWhileItsCommandsRecordWaitsForTheStoreStillLeavesTheRecord() throws Exception {
        server = new ServerClient(state);
        process = server.builder("run", "--workspace", workspace.toString(), "--", "sh", "-c",
                "echo new > made.txt; sleep 2; echo > ended.txt")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var streams = Streams.of(process);
        assertThat(Engine.eventually(() -> Files.exists(workspace.resolve("made.txt")), Duration.ofSeconds(120)))
                .as("the command started").isTrue();
        Path lockFile;
        try (var found = Files.walk(state)) {
            lockFile = found.filter(p -> p.getFileName().toString().equals("airlock.lock")).findFirst().orElseThrow();
        }
        try (var channel = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.WRITE);
             var held = channel.lock()) {
            assertThat(Engine.eventually(() -> Files.exists(workspace.resolve("ended.txt")), Duration.ofSeconds(60)))
                    .as("the command ended").isTrue();
            Thread.sleep(1_000); // the server is now at the record, waiting for the lock this test holds
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(1_000); // the server learns the client is gone and interrupts the thread that served it
        }
        String session = session(streams.err());
        assertThat(Engine.eventually(() -> server.run("log", "--session", session).out().contains("file(s) changed"),
                Duration.ofSeconds(60))).as(server.run("log", "--session", session).toString()).isTrue();
    }

    private String[] args(String... first) {
        var all = new java.util.ArrayList<>(java.util.List.of(first));
        all.addAll(java.util.List.of("--workspace", workspace.toString()));
        all.addAll(java.util.List.of(COMMAND));
        return all.toArray(String[]::new);
    }

    /** Waits until the command has written its file (so it runs), sends SIGINT as a terminal would, waits for the end. */
    private String interruptOnceItRuns(Streams streams) throws Exception {
        assertThat(Engine.eventually(() -> Files.exists(workspace.resolve("made.txt")), Duration.ofSeconds(120)))
                .as("the command started").isTrue();
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor()).isZero();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("airlock exits after Ctrl-C").isTrue();
        return streams.err();
    }

    private static void assertRecordedAsInterrupted(Cli.Result log, Cli.Result report, Cli.Result json) throws IOException {
        assertThat(log.exit()).as(log.toString()).isZero();
        assertThat(log.out()).contains("c-1 was interrupted").contains("-> exit 130, 1 file(s) changed");
        assertThat(report.out()).as(report.toString()).contains("1 command ran").contains("interrupted")
                .contains("made.txt").doesNotContain("What changed: nothing");
        JsonNode ran = new ObjectMapper().readTree(json.out()).path("ran").get(0);
        assertThat(ran.path("interrupted").asBoolean()).as(json.out()).isTrue();
        assertThat(ran.path("changedFiles").asInt()).isEqualTo(1);
    }

    private static String session(String err) {
        Matcher m = Pattern.compile("session (s-[0-9a-z]+)").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        return m.group(1);
    }

    /** Both streams of a process, drained as they come so neither fills up. */
    private record Streams(StringBuffer outText, StringBuffer errText, Thread[] drains) {
        static Streams of(Process p) {
            var out = new StringBuffer();
            var err = new StringBuffer();
            return new Streams(out, err, new Thread[] {drain(p.getInputStream(), out), drain(p.getErrorStream(), err)});
        }

        private static Thread drain(java.io.InputStream in, StringBuffer into) {
            return Thread.ofVirtual().start(() -> {
                try {
                    into.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        String out() throws InterruptedException {
            drains[0].join(Duration.ofSeconds(10));
            return outText.toString();
        }

        String err() throws InterruptedException {
            drains[1].join(Duration.ofSeconds(10));
            return errText.toString();
        }
    }
}
