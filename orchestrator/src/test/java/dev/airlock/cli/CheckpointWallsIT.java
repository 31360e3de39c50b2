package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Scripts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint store against real sandboxed commands whose payload the assessment cannot see: a secret
 * whose folder is renamed never reaches Airlock's outputs or its store, a sparse 8 GiB file is left out and
 * said so, and a repository the sandbox destroys comes back whole.
 */
class CheckpointWallsIT {

    static final String SECRET = "sk-live-CHECKPOINT-9931";

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    @TempDir
    Path host;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(workspace.resolve("config"));
        Files.writeString(workspace.resolve("config/.env"), "TOKEN=" + SECRET + "\n");
        Files.writeString(workspace.resolve("config/app.yml"), "port: 8080\n");
        Files.writeString(workspace.resolve("README"), "hello\n");
        cli = new Cli(state);
    }

    private Cli.Result sh(String script, String... session) {
        List<String> args = new ArrayList<>(List.of("run", "--no-retry", "--workspace", workspace.toString()));
        if (session.length > 0) {
            args.addAll(List.of("--session", session[0]));
        }
        args.add("--");
        args.addAll(Scripts.opaque(script));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void aSecretWhoseFolderIsRenamedNeverReachesDiffReportLogOrTheStore() throws Exception {
        var ran = sh("mv config cfg2; cat cfg2/.env; cp cfg2/.env copy.env; echo done");
        String session = CheckpointIT.session(ran);
        assertThat(ran.out()).contains("done").doesNotContain(SECRET);

        List<Cli.Result> outputs = new ArrayList<>(List.of(ran,
                cli.run("diff", "--session", session), cli.run("diff", "--session", session, "--json"),
                cli.run("report", "--session", session), cli.run("report", "--session", session, "--format", "md"),
                cli.run("report", "--session", session, "--format", "json"), cli.run("log", "--session", session)));
        var diff = outputs.get(1);
        boolean moved = Files.exists(workspace.resolve("cfg2/.env"));
        System.out.println("the mask moved with its folder: " + moved);
        if (moved) {
            // the mask moved with its folder: the host-side store saw the secret under its new name
            assertThat(diff.out()).contains("added     cfg2/.env  (masked: content not shown)")
                    .contains("deleted   config/.env  (masked: content not shown)");
        }
        var rollback = cli.run("rollback", "--session", session);
        outputs.add(rollback);

        for (var output : outputs) {
            assertThat(output.out() + output.err()).as(output.toString()).doesNotContain(SECRET);
        }
        assertThat(rollback.exit()).as(rollback.toString()).isZero();
        assertThat(workspace.resolve("config/.env")).hasContent("TOKEN=" + SECRET);
        assertThat(workspace.resolve("cfg2")).doesNotExist();
        assertThat(storeObjects()).isNotEmpty().doesNotContain(SECRET);
        assertThat(stateFiles()).doesNotContain(SECRET);
    }

    @Test
    void aSparseGiantMadeInAnInstantIsLeftOutAndTheUserIsTold() throws Exception {
        long started = System.nanoTime();
        var ran = sh("truncate -s 8G big; echo made");
        String session = CheckpointIT.session(ran);
        var next = sh("echo more > more.txt", session);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("two commands around an 8 GiB sparse file: " + millis + " ms");

        assertThat(ran.exit()).as(ran.toString()).isZero();
        assertThat(ran.err()).contains("big").contains("over the checkpoint budget").contains("cannot be rolled back");
        assertThat(next.err()).contains("leaves out big");
        var diff = cli.run("diff", "--session", session);
        assertThat(diff.out()).contains("added     big").contains("not in the checkpoint: big");
        var rollback = cli.run("rollback", "--session", session);
        assertThat(rollback.exit()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("not restored: big");
        assertThat(workspace.resolve("more.txt")).doesNotExist();
    }

    @Test
    void aRepositoryTheSandboxDestroysComesBackWholeWithItsHistory() throws Exception {
        String log = repository();
        var ran = sh("rm -rf .git/objects .git/refs .git/HEAD .git/packed-refs; ls -a .git");
        String session = CheckpointIT.session(ran);
        var diff = cli.run("diff", "--session", session);
        if (!Files.exists(workspace.resolve(".git/HEAD"))) {
            assertThat(diff.out()).as(diff.toString()).contains("the repository's history (.git)").contains("ref(s) deleted");
            assertThat(cli.run("report", "--session", session).out()).contains("the repository's history (.git)");
            assertThat(cli.run("log", "--session", session).out()).contains("ref(s) deleted");
        }
        sh("mv .git .git-orig; ln -s " + host + " .git", session);
        sh("rm -rf .git .git-orig; echo 'gitdir: /etc' > .git", session);

        var rollback = cli.run("rollback", "--session", session);

        assertThat(rollback.exit()).as(rollback.toString()).isZero();
        assertThat(git("log", "--all", "--oneline", "--decorate")).isEqualTo(log);
        git("fsck", "--strict");
        assertThat(workspace.resolve(".git-orig")).doesNotExist();
        assertThat(host).isEmptyDirectory();
    }

    @Test
    void linksTheSandboxPlantsInGitLeadTheStoreToNoHostFile() throws Exception {
        repository();
        Files.writeString(host.resolve("credentials"), "aws_secret=" + SECRET + "\n");
        String session = CheckpointIT.session(sh("echo first > first.txt"));
        // a sandbox sees no host path, so it names one it guesses; the test gives it the real one
        sh("ln -sf " + host.resolve("credentials") + " .git/description; mv .git/info .git/info.old; ln -s " + host + " .git/info; "
                + "ln -s " + host + " .git/refs/heads/outside", session);
        assertThat(cli.run("diff", "--session", session).exit()).isZero();
        var rollback = cli.run("rollback", "--session", session);
        assertThat(rollback.exit()).as(rollback.toString()).isZero();

        assertThat(storeObjects()).doesNotContain(SECRET);
        assertThat(Files.isSymbolicLink(workspace.resolve(".git/info"))).isFalse();
        assertThat(host.resolve("credentials")).hasContent("aws_secret=" + SECRET);
        git("fsck", "--strict");
    }

    private String repository() throws Exception {
        git("init", "-q", "-b", "main", ".");
        Files.writeString(workspace.resolve(".gitignore"), "config/.env\n");
        git("add", ".gitignore", "README", "config/app.yml");
        git("commit", "-q", "-m", "one");
        git("tag", "v1");
        git("checkout", "-q", "-b", "feature");
        Files.writeString(workspace.resolve("feature.txt"), "f\n");
        git("add", "feature.txt");
        git("commit", "-q", "-m", "two");
        git("tag", "-a", "v2", "-m", "annotated");
        git("gc", "-q");
        git("checkout", "-q", "main");
        Files.writeString(workspace.resolve("later.txt"), "l\n");
        git("add", "later.txt");
        git("commit", "-q", "-m", "three");
        git("branch", "loose");
        return git("log", "--all", "--oneline", "--decorate");
    }

    private String git(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t.invalid"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workspace.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
    }

    /** Every object of every checkpoint store in the state folder, content included. */
    private String storeObjects() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> dirs = Files.walk(state)) {
            for (Path store : dirs.filter(p -> p.getFileName().toString().equals("checkpoints.git")).toList()) {
                Process p = new ProcessBuilder("git", "--git-dir=" + store, "cat-file", "--batch-all-objects", "--batch")
                        .redirectErrorStream(true).start();
                all.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1));
                assertThat(p.waitFor()).isZero();
            }
        }
        return all.toString();
    }

    /** The raw bytes of every file in the state folder (audit logs, approvals, store files). */
    private String stateFiles() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }
}
