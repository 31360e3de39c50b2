package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Scripts;
import dev.airlock.testing.Trees;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code airlock run} from the outside: each test tries to get past one claim of the sandbox, from inside it. */
class RunIsolationIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(workspace.resolve("notes.txt"), "original\n");
        Files.createDirectories(workspace.resolve("src"));
        Files.writeString(workspace.resolve("src/App.java"), "class App {}\n");
        cli = new Cli(state);
    }

    /** The script hidden from the assessment, so the container alone stands in its way. */
    private Cli.Result run(String mode, String script) {
        var args = new java.util.ArrayList<>(List.of("run", "--no-retry", "--mode", mode, "--workspace", workspace.toString(), "--"));
        args.addAll(Scripts.opaque(script));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void writeToWorkspaceFailsInReadOnlyModeAndChangesNothing() {
        Map<String, String> before = Trees.snapshot(workspace);

        var result = run("read-only", "echo changed > notes.txt; echo new > new.txt; rm -f src/App.java; mkdir d; "
                + "touch /workspace/x; echo status=$?");

        assertThat(result.err()).contains("Read-only file system");
        assertThat(result.out()).contains("status=1");
        assertThat(Trees.snapshot(workspace)).isEqualTo(before);
    }

    @Test
    void writeToWorkspaceWorksInDefaultMode() throws IOException {
        var result = run("default", "echo changed > notes.txt && echo new > new.txt");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(Files.readString(workspace.resolve("notes.txt"))).isEqualTo("changed\n");
        assertThat(Files.readString(workspace.resolve("new.txt"))).isEqualTo("new\n");
    }

    @Test
    void rootFilesystemIsReadOnlyAndTmpIsWritable() {
        var result = run("default", "touch /etc/x; touch /usr/x; echo ok > /tmp/x && cat /tmp/x; echo ok > \"$HOME/x\" && cat \"$HOME/x\"");

        assertThat(result.err()).contains("touch: cannot touch '/etc/x': Read-only file system")
                .contains("touch: cannot touch '/usr/x': Read-only file system");
        assertThat(result.out()).isEqualTo("ok\nok\n");
    }

    @Test
    void onlyLoopbackExistsAndTheHostsLoopbackIsUnreachable() throws IOException {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        server.accept().close();
                        accepted.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            int port = server.getLocalPort();

            var result = run("default", "ls /sys/class/net; cat /proc/net/route | wc -l; "
                    + "curl -sS --max-time 5 http://127.0.0.1:" + port + "/ ; echo curl=$?; "
                    + "python3 -c 'import socket; socket.create_connection((\"10.0.0.1\", 80), 2)' 2>&1 | tail -1");

            assertThat(result.out()).startsWith("lo\n1\n"); // the route table holds only its header line
            assertThat(result.out()).contains("curl=7");
            assertThat(result.err()).contains("Failed to connect to 127.0.0.1 port " + port);
            assertThat(result.out()).contains("Network is unreachable");
            assertThat(accepted).hasValue(0);
        }
    }

    @Test
    void effectiveCapabilitiesAreZeroAndNewPrivilegesAreOff() {
        var result = run("default", "grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs)' /proc/self/status");

        assertThat(result.out()).contains("CapEff:\t0000000000000000", "CapPrm:\t0000000000000000",
                "CapBnd:\t0000000000000000", "CapAmb:\t0000000000000000", "NoNewPrivs:\t1");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 127})
    void exitStatusPassesThrough(int status) {
        assertThat(run("read-only", "exit " + status).exit()).isEqualTo(status);
    }

    @Test
    void aMissingProgramExits127LikeAShell() {
        var result = cli.run("run", "--workspace", workspace.toString(), "--", "no-such-program-here");

        assertThat(result.exit()).isEqualTo(127);
        assertThat(result.err()).contains("no-such-program-here");
    }

    @Test
    void stdoutAndStderrArriveSeparatedAndInOrder() {
        var result = run("read-only", "for i in $(seq 1 300); do echo out$i; echo err$i >&2; done");

        List<String> out = result.out().lines().toList();
        List<String> err = result.err().lines().filter(l -> !l.startsWith("airlock: ")).toList();
        assertThat(out).hasSize(300).allMatch(l -> l.startsWith("out"));
        assertThat(err).hasSize(300).allMatch(l -> l.startsWith("err"));
        for (int i = 0; i < 300; i++) {
            assertThat(out.get(i)).isEqualTo("out" + (i + 1));
            assertThat(err.get(i)).isEqualTo("err" + (i + 1));
        }
    }

    @Test
    void stdinIsPassedThroughAndEnds() {
        var result = cli.stdin("line one\nline two\n")
                .run("run", "--workspace", workspace.toString(), "--", "sh", "-c", "wc -l; echo done");

        assertThat(result.out()).isEqualTo("2\ndone\n");
    }

    @Test
    void theHostEnvironmentIsNotPassed() {
        var result = cli.env("AIRLOCK_TEST_SECRET", "hunter2").env("AWS_SECRET_ACCESS_KEY", "abc")
                .run("run", "--workspace", workspace.toString(), "--", "env");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).doesNotContain("hunter2").doesNotContain("AIRLOCK_TEST_SECRET")
                .doesNotContain("AWS_SECRET_ACCESS_KEY");
        assertThat(result.out()).contains("TERM=xterm", "HOME=/home/airlock");
    }

    @Test
    void theCommandRunsInTheWorkspaceWithAWorkingHome() {
        var result = run("default", "pwd; whoami; cd && pwd; git config --global user.name t && git config --global user.name");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("/workspace\n" + (isRoot() ? "root" : "airlock") + "\n/home/airlock\nt\n");
    }

    @Test
    void aMissingWorkspaceIsRefusedWithWhatToDo() {
        var result = cli.run("run", "--workspace", workspace.resolve("nope").toString(), "--", "true");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("is not a folder that exists").contains("what to do:");
    }

    @Test
    void badUsageExits2() {
        assertThat(cli.run("run", "--mode").exit()).isEqualTo(2);
        assertThat(cli.run("run", "--no-such-flag", "--", "true").exit()).isEqualTo(2);
        assertThat(cli.run("run", "--mode", "no-such-mode", "--", "true").exit()).isEqualTo(2);
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }
}
