package dev.airlock.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.approval.ApprovalQueue;
import dev.airlock.testing.model.ResponsesServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the Codex ITs share: the real Codex CLI (pinned by {@code scripts/test-agents}), a workspace with a file to
 * read and a folder to delete, a private state folder with its Airlock server, Codex's home trusting the workspace
 * with the scripted model as its provider, and {@code codex exec} runs that are killed at the end.
 */
public final class CodexRig implements AutoCloseable {

    public final Path workspace;
    public final Path state;
    public final Path codexHome;
    /** The launcher, Codex's output and anything else a test makes off the workspace. */
    public final Path bin;
    public final Path codex;
    public final ServerClient server;
    public final Duration wait;
    private ResponsesServer model;
    private final List<Process> runs = new ArrayList<>();

    private CodexRig(Path root, Duration wait) throws Exception {
        String installed = System.getenv("AIRLOCK_TEST_CODEX");
        assumeTrue(installed != null && Files.exists(Path.of(installed)),
                "Codex CLI is not installed: scripts/test installs it (scripts/test-agents) and sets AIRLOCK_TEST_CODEX");
        this.codex = Path.of(installed);
        this.wait = wait;
        this.workspace = Files.createDirectories(root.resolve("ws"));
        this.state = Files.createDirectories(root.resolve("state"));
        this.codexHome = Files.createDirectories(root.resolve("codex-home"));
        this.bin = Files.createDirectories(root.resolve("bin"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(workspace.resolve("hello.txt"), "hello from the workspace\n");
        Files.createDirectories(workspace.resolve("old"));
        Files.writeString(workspace.resolve("old/a.txt"), "stale\n");
        this.server = new ServerClient(state);
    }

    /** A rig under a test's own temporary folder; skips the test when Codex is not installed. */
    public static CodexRig under(Path root, Duration wait) throws Exception {
        return new CodexRig(root, wait);
    }

    /**
     * Codex's user config as a person has it before {@code airlock init} (the scripted model as its provider, the
     * project trusted: no sign-in, no trust prompt), then {@code airlock init codex ARGS --launcher ...}, then
     * the server started as a user of the launcher has it (on this loaded machine its first start can outlast
     * the client's wait).
     */
    public ResponsesServer configure(ResponsesServer scripted, String... initArgs) throws IOException {
        if (model != null) {
            model.close();
        }
        model = scripted;
        Files.writeString(codexHome.resolve("config.toml"), """
                model = "scripted"
                model_provider = "airlock-test"

                [model_providers.airlock-test]
                name = "Airlock's scripted model"
                base_url = "%s"
                wire_api = "responses"
                request_max_retries = 0
                stream_max_retries = 0

                [projects."%s"]
                trust_level = "trusted"
                """.formatted(model.baseUrl(), workspace));
        List<String> init = new ArrayList<>(List.of("init", "codex"));
        init.addAll(List.of(initArgs));
        init.addAll(List.of("--launcher", launcher().toString()));
        var done = new Cli(state).cwd(workspace).env("CODEX_HOME", codexHome.toString()).run(init.toArray(String[]::new));
        assertThat(done.exit()).as(done.toString()).isZero();
        var up = server.run("--version");
        assertThat(up.exit()).as(up.toString()).isZero();
        return model;
    }

    /** The native launcher init writes into Codex's config. */
    public Path launcher() throws IOException {
        return server.launcher(bin.resolve("airlock"));
    }

    /** The environment a person's shell gives Codex: {@code HOME}, {@code CODEX_HOME}, and {@code more}. */
    public Map<String, String> env(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", System.getProperty("user.home"), "CODEX_HOME", codexHome.toString()));
        env.putAll(more);
        return env;
    }

    /** Starts {@code codex exec "do the task"} in the workspace with exactly {@code env}, its output to files. */
    public Process exec(Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("node", codex.toString(), "exec", "--skip-git-repo-check", "-C",
                workspace.toString(), "do the task").directory(workspace.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(bin.resolve("codex.out").toFile()).redirectError(bin.resolve("codex.err").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        runs.add(p);
        return p;
    }

    /** What codex exec said so far, for failure messages. */
    public String said() throws IOException {
        return Files.readString(bin.resolve("codex.out")) + Files.readString(bin.resolve("codex.err"));
    }

    /** Waits (bounded) for the run to end; what it said. */
    public String finish(Process run) throws Exception {
        boolean ended = run.waitFor(wait.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = said();
        assertThat(ended).as("codex exec ends; it said:\n" + out).isTrue();
        return out;
    }

    /** Waits for the run's request to reach the approval queue; its id. */
    public String queued() {
        ApprovalQueue queue = ApprovalQueue.under(state);
        assertThat(Engine.eventually(() -> !queue.pending().isEmpty(), wait)).as(() -> {
            try {
                return "the request reaches the queue; codex said:\n" + said();
            } catch (IOException e) {
                return "the request reaches the queue (codex's output: " + e + ")";
            }
        }).isTrue();
        return queue.pending().getFirst().request().id();
    }

    /** Every audit line of every session in the state folder. */
    public String audit() throws IOException {
        return Audits.all(state);
    }

    @Override
    public void close() throws Exception {
        for (Process p : runs) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (model != null) {
            model.close();
        }
        server.close();
    }
}
