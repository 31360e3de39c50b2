package dev.airlock.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Jar;
import dev.airlock.testing.ServerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic path for agents that run {@code $SHELL -c}: a plain program (as Aider or Goose would) runs its
 * commands with {@code SHELL=scripts/airlock-sh}, and they run in a warm Airlock session of the project, in the
 * matching folder under /workspace, one session reused across commands; an escalation nobody approves is refused.
 */
class AirlockShIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    @TempDir
    Path bin;
    ServerClient server;

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(workspace.resolve("sub"));
        Files.createDirectories(workspace.resolve("old"));
        Files.writeString(workspace.resolve("old/a.txt"), "stale\n");
        server = new ServerClient(state);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    /** A plain agent: runs each argument with $SHELL -c and prints what came back and the exit status. */
    record Ran(int exit, String out) {
    }

    Ran agent(Map<String, String> env, String... commands) throws Exception {
        Path agent = bin.resolve("agent.py");
        Files.writeString(agent, """
                import os, subprocess, sys
                for command in sys.argv[1:]:
                    r = subprocess.run([os.environ["SHELL"], "-c", command], capture_output=True, text=True)
                    print(r.stdout, end="")
                    print("EXIT", r.returncode)
                    sys.stderr.write(r.stderr)
                """);
        Path shell = Jar.path().getParent().getParent().getParent().resolve("scripts/airlock-sh");
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("python3", agent.toString()), Stream.of(commands)).toList())
                .directory(workspace.resolve("sub").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true);
        pb.environment().putAll(Map.of("SHELL", shell.toString(), "AIRLOCK_BIN", server.launcher(bin.resolve("airlock")).toString(),
                "AIRLOCK_STATE_DIR", state.toString(), "AIRLOCK_WORKSPACE", workspace.toString()));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), out);
    }

    @Test
    void aProgramThatRunsShellCommandsRunsThemInOneWarmAirlockSession() throws Exception {
        Ran ran = agent(Map.of(), "pwd; echo made > made.txt; test -w /etc; echo root-writable=$?",
                "cat made.txt; echo \"$0\"");

        assertThat(ran.out()).contains("/workspace/sub\n", "root-writable=1", "EXIT 0", "made\nairlock-sh\n");
        assertThat(ran.out()).doesNotContain("EXIT 1");
        assertThat(workspace.resolve("sub/made.txt")).hasContent("made");
        try (Stream<Path> sessions = Files.list(state.resolve("sessions"))) {
            List<Path> all = sessions.toList();
            assertThat(all).as("one session for the project, reused").hasSize(1);
            assertThat(Files.readString(all.getFirst().resolve("audit.jsonl"))).contains("echo made > made.txt", "cat made.txt");
        }
    }

    @Test
    void anEscalationNobodyApprovesIsRefusedAndNothingRuns() throws Exception {
        Ran ran = agent(Map.of("AIRLOCK_APPROVER", "deny"), "rm -rf ../old");

        assertThat(ran.out()).contains("EXIT 77");
        assertThat(workspace.resolve("old/a.txt")).exists();
    }

    @Test
    void anInteractiveShellIsRefusedRatherThanRunOutsideTheSandbox() throws Exception {
        Path shell = Jar.path().getParent().getParent().getParent().resolve("scripts/airlock-sh");
        Process p = new ProcessBuilder(shell.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("not an interactive shell");
    }
}
