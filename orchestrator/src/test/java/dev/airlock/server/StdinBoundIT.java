package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import dev.airlock.testing.PseudoTerminal;
import dev.airlock.testing.ServerClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stdin flows from client to command only as fast as the command reads: half a gigabyte pushed at a server
 * with a small heap while the command does not read stays in the writer (the client stops taking it), the
 * server stays up with its memory bounded, Ctrl-C and a prompt's answer still get through, and what the
 * command reads is intact.
 */
class StdinBoundIT {

    static final long PUSHED = 512L << 20;
    static final String HEAP = "-Xmx96m";

    @TempDir
    Path state;
    @TempDir
    Path workspace;
    Process server;

    @BeforeEach
    void startServerWithASmallHeap() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Jar.java().toString(), "-XX:+UseSerialGC", HEAP, "-cp", Jar.path().toString(),
                "dev.airlock.cli.Main", "server").redirectErrorStream(true).redirectOutput(state.resolve("test-server.log").toFile());
        pb.environment().put("AIRLOCK_STATE_DIR", state.toString());
        pb.environment().put("AIRLOCK_POOL_SIZE", "0");
        server = pb.start();
        assertThat(Engine.eventually(() -> Files.exists(state.resolve("server.sock")), Duration.ofSeconds(60)))
                .as("the server listens").isTrue();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void stdinACommandDoesNotReadStaysWithTheWriterAndArrivesIntactOnceRead() throws Exception {
        ProcessBuilder pb = new ServerClient(state).builder("run", "--workspace", workspace.toString(), "--", "sh", "-c",
                "while [ ! -e /workspace/go ]; do sleep 0.2; done; sha256sum");
        Process client = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicLong written = new AtomicLong();
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        Thread feeder = Thread.ofPlatform().start(() -> feed(client.getOutputStream(), PUSHED, written, expected));
        Sampler rss = Sampler.start(server.pid());

        long accepted = settled(written);
        long rssWhileBlocked = rss.peak();

        // measured, for docs/BENCHMARKS.md: what the pipeline took in while nothing read, and the server's size
        System.out.printf("stdin-bound: accepted %d KiB of %d MiB while the command did not read; server peak RSS %d MiB (%s)%n",
                accepted >> 10, PUSHED >> 20, rssWhileBlocked >> 20, HEAP);
        assertThat(accepted).as("what the pipeline took in while the command did not read").isLessThan(64L << 20);
        assertThat(server.isAlive()).isTrue();

        Files.writeString(workspace.resolve("go"), "");
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        feeder.join();
        assertThat(client.waitFor(300, TimeUnit.SECONDS)).isTrue();
        rss.stop();

        assertThat(client.exitValue()).isZero();
        assertThat(written.get()).isEqualTo(PUSHED);
        assertThat(out.trim()).isEqualTo(HexFormat.of().formatHex(expected.digest()) + "  -");
        assertThat(server.isAlive()).as("the server survived").isTrue();
        System.out.printf("stdin-bound: server peak RSS over the whole %d MiB: %d MiB%n", PUSHED >> 20, rss.peak() >> 20);
        assertThat(rss.peak()).as("the server's resident memory").isLessThan(512L << 20);
        assertThat(Files.readString(state.resolve("test-server.log"))).doesNotContain("OutOfMemoryError");
    }

    @Test
    void ctrlCReachesTheServerWhileStdinWaits() throws Exception {
        ProcessBuilder pb = new ServerClient(state).builder("run", "--workspace", workspace.toString(), "--", "sh", "-c",
                "echo started; sleep 300");
        Process client = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicLong written = new AtomicLong();
        Thread feeder = Thread.ofPlatform().start(() -> feed(client.getOutputStream(), Long.MAX_VALUE, written, null));
        assertThat(new String(client.getInputStream().readNBytes(8), StandardCharsets.UTF_8)).isEqualTo("started\n");
        settled(written);

        new ProcessBuilder("kill", "-INT", Long.toString(client.pid())).start().waitFor();

        assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("the cancel got through the backlog").isTrue();
        assertThat(client.exitValue()).isEqualTo(130);
        feeder.join(10_000);
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void aPromptOnTheTerminalGetsThroughWhileStdinWaits() throws Exception {
        // read-only mode: writing asks the person; meanwhile 64 MiB wait in the pipe, far past the window
        List<String> cmd = new ServerClient(state).builder("run", "--mode", "read-only", "--approver", "terminal", "--workspace", workspace.toString(),
                "--", "sh", "-c", "wc -c > count.txt").command();
        String airlock = cmd.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        try (PseudoTerminal terminal = PseudoTerminal.start("head -c 67108864 /dev/zero | " + airlock, Map.of(
                "AIRLOCK_STATE_DIR", state.toString(), "AIRLOCK_JAVA", Jar.java().toString(), "AIRLOCK_CLIENT_CP", Jar.path().toString()))) {
            terminal.await("Answer [y/", 1);
            terminal.type("y\n");

            assertThat(terminal.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(terminal.process().exitValue()).as(terminal.screen()).isZero();
        }
        assertThat(Files.readString(workspace.resolve("count.txt")).trim()).isEqualTo("67108864");
    }

    @Test
    void throughTheServerTheDefaultApproverIsTheTerminalWhenTheClientsStderrIsOne() throws Exception {
        // stdin is a pipe, stderr the person's terminal: the server must take the client's word, not its own log's
        List<String> cmd = new ServerClient(state).builder("run", "--mode", "read-only", "--workspace", workspace.toString(),
                "--", "sh", "-c", "wc -c > default.txt").command();
        String airlock = cmd.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        try (PseudoTerminal terminal = PseudoTerminal.start("head -c 1024 /dev/zero | " + airlock, Map.of(
                "AIRLOCK_STATE_DIR", state.toString(), "AIRLOCK_JAVA", Jar.java().toString(), "AIRLOCK_CLIENT_CP", Jar.path().toString()))) {
            terminal.await("Answer [y/", 1);
            terminal.type("y\n");

            assertThat(terminal.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(terminal.process().exitValue()).as(terminal.screen()).isZero();
        }
        assertThat(Files.readString(workspace.resolve("default.txt")).trim()).isEqualTo("1024");
    }

    /** Writes {@code total} bytes of a fixed pseudo-random stream, counting what was taken. */
    private static void feed(OutputStream in, long total, AtomicLong written, MessageDigest digest) {
        byte[] block = new byte[64 << 10];
        Random random = new Random(42);
        try (in) {
            for (long left = total; left > 0; ) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, left);
                in.write(block, 0, n);
                if (digest != null) {
                    digest.update(block, 0, n);
                }
                written.addAndGet(n);
                left -= n;
            }
        } catch (IOException e) {
            // the client went (Ctrl-C)
        }
    }

    /** Waits until the writer stops making progress (the pipeline is full), and returns what it wrote by then. */
    private static long settled(AtomicLong written) throws InterruptedException {
        long last = -1;
        int still = 0;
        for (int i = 0; i < 600 && still < 6; i++) {
            Thread.sleep(500);
            long now = written.get();
            still = now == last && now > 0 ? still + 1 : 0;
            last = now;
        }
        assertThat(still).as("the writer stopped making progress").isGreaterThanOrEqualTo(6);
        return last;
    }

    /** The peak resident size of a process, sampled from /proc. */
    private static final class Sampler {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;

        static Sampler start(long pid) {
            Sampler s = new Sampler();
            Thread.ofVirtual().start(() -> {
                Path status = Path.of("/proc/" + pid + "/status");
                while (s.running) {
                    try {
                        for (String line : Files.readAllLines(status)) {
                            if (line.startsWith("VmRSS:")) {
                                long kib = Long.parseLong(line.replaceAll("\\D", ""));
                                s.peak.accumulateAndGet(kib << 10, Math::max);
                            }
                        }
                        Thread.sleep(100);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            return s;
        }

        long peak() {
            return peak.get();
        }

        void stop() {
            running = false;
        }
    }
}
