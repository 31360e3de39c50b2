package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** #17: what Airlock says about a command is true, and a hint, followed as written, works. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HintsIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;

    private Cli cli;

    /** A workspace with a note to keep and build output to clean. */
    @BeforeEach
    void aNoteAndBuildOutput() throws Exception {
        Files.writeString(workspace.resolve("notes.txt"), "keep\n");
        cli = new Cli(state);
        Files.createDirectories(workspace.resolve("build/classes"));
        Files.writeString(workspace.resolve("build/classes/App.class"), "x");
    }

    @Test
    void aWriteOutsideTheWorkspaceIsNotAskedAboutAndFailsAsAssessSays() {
        var assess = cli.cwd(workspace).run("assess", "--", "touch", "/etc/foo");
        assertThat(assess.out()).as(assess.toString()).contains("read-only in every sandbox: the change fails there");
        assertThat(assess.exit()).isZero();

        var run = cli.run("run", "--approver", "deny", "--workspace", workspace.toString(), "--", "touch", "/etc/foo");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("Read-only file system").doesNotContain("approval request");
    }

    /** System packages go to the read-only root: not asked about (no approval could make it work), and assess says what does. */
    @Test
    void aSystemPackageInstallIsNotAskedAboutAndAssessSaysWhatWorksInstead() {
        var assess = cli.cwd(workspace).run("assess", "--", "apt-get", "install", "-y", "jq");
        assertThat(assess.exit()).as(assess.toString()).isZero();
        assertThat(assess.out()).contains("read-only in every sandbox: the change fails there")
                .contains("put them in the image").doesNotContain("deb.debian.org");

        var run = cli.run("run", "--approver", "deny", "--workspace", workspace.toString(), "--", "apt-get", "install", "-y", "jq");

        assertThat(run.exit()).as(run.toString()).isNotZero().isNotEqualTo(77);
        assertThat(run.err()).doesNotContain("approval request");
    }

    /**
     * read-only mode, both of its hints followed as written: a write asked about before it runs, and a write the
     * assessment cannot see, which meets the read-only workspace; each, approved from the queue, then writes.
     */
    @Test
    void inReadOnlyModeTheHintsOfAnAskedWriteAndOfAStoppedWriteWork() throws Exception {
        var asked = cli.run("run", "--mode", "read-only", "--approver", "deny", "--workspace", workspace.toString(),
                "--", "touch", "asked.txt");
        assertThat(asked.exit()).as(asked.toString()).isEqualTo(77);
        followed(line(asked.err(), "airlock run (?:--mode read-only )?--session \\S+ --approver queue -- touch asked.txt"));
        assertThat(workspace.resolve("asked.txt")).exists();

        var hidden = dev.airlock.testing.Scripts.opaque("echo made > hidden.txt");
        var args = new java.util.ArrayList<>(java.util.List.of("run", "--mode", "read-only", "--approver", "deny",
                "--workspace", workspace.toString(), "--"));
        args.addAll(hidden);
        var stopped = cli.run(args.toArray(String[]::new));
        // the command ran and failed on its own terms: its exit stays its own, and the note says how to have it approved
        assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(2);
        assertThat(stopped.err()).contains("Read-only file system").contains("workspace-write would allow it")
                .doesNotContain("--profile");
        assertThat(workspace.resolve("hidden.txt")).doesNotExist();
        followed(line(stopped.err(), "airlock run (?:--mode read-only )?--session \\S+ --approver queue -- .*"));
        assertThat(workspace.resolve("hidden.txt")).hasContent("made");
    }

    /** Runs a hint's command line (one line, as printed) and approves what it asks from "another terminal". */
    private void followed(String hint) throws Exception {
        var words = HelpTest.words(hint.strip());
        var waiting = CompletableFuture.supplyAsync(() -> new Cli(state).run(words.subList(1, words.size()).toArray(String[]::new)));
        var approve = new Cli(state).run("approve", pendingRequest());
        assertThat(approve.exit()).as(approve.toString()).isZero();
        var ran = waiting.get(2, TimeUnit.MINUTES);
        assertThat(ran.exit()).as(ran.toString()).isZero();
    }

    @Test
    void deletingBuildOutputRunsWithoutAQuestionAndDeletingAFileAsks() {
        var build = cli.run("run", "--approver", "deny", "--workspace", workspace.toString(), "--", "rm", "-rf", "build");
        assertThat(build.exit()).as(build.toString()).isZero();
        assertThat(workspace.resolve("build")).doesNotExist();

        var notes = cli.run("run", "--approver", "deny", "--workspace", workspace.toString(), "--", "rm", "notes.txt");
        assertThat(notes.exit()).as(notes.toString()).isEqualTo(77);
        assertThat(workspace.resolve("notes.txt")).exists();
    }

    /**
     * The delete rule followed for real: with no one to ask (deny), deleting a file git holds unchanged runs, and git
     * brings it back; the same file changed (only the checkpoint holds that) asks, and is still there.
     */
    @Test
    void deletingWhatGitHoldsUnchangedRunsAndDeletingAChangedFileAsks() throws Exception {
        Files.createDirectories(workspace.resolve("src"));
        Files.writeString(workspace.resolve("src/main.c"), "int main() { return 0; }\n");
        Files.writeString(workspace.resolve("src/util.c"), "int util;\n");
        dev.airlock.testing.HostGit.run(workspace, "init", "-q");
        dev.airlock.testing.HostGit.run(workspace, "add", "src");
        dev.airlock.testing.HostGit.run(workspace, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-qm", "src");
        Files.writeString(workspace.resolve("src/util.c"), "int util = 1; /* not committed */\n");

        var assess = cli.cwd(workspace).run("assess", "--", "rm", "src/main.c");
        assertThat(assess.exit()).as(assess.toString()).isZero();
        assertThat(assess.out()).contains("git checkout -- src/main.c brings it back");
        var tracked = cli.run("run", "--approver", "deny", "--workspace", workspace.toString(), "--", "rm", "src/main.c");
        assertThat(tracked.exit()).as(tracked.toString()).isZero();
        assertThat(workspace.resolve("src/main.c")).doesNotExist();
        dev.airlock.testing.HostGit.run(workspace, "checkout", "--", "src/main.c");
        assertThat(workspace.resolve("src/main.c")).hasContent("int main() { return 0; }");

        var changed = cli.run("run", "--approver", "deny", "--workspace", workspace.toString(), "--", "rm", "src/util.c");
        assertThat(changed.exit()).as(changed.toString()).isEqualTo(77);
        assertThat(workspace.resolve("src/util.c")).hasContent("int util = 1; /* not committed */");
    }

    /** The delete's denial says it needs a person (not a profile it already has) and offers no --profile that asks again. */
    @Test
    void aDeniedDeleteSaysWhatItNeedsAndItsHintFollowedWorks() throws Exception {
        var denied = cli.run("run", "--approver", "deny", "--workspace", workspace.toString(), "--", "rm", "notes.txt");
        assertThat(denied.exit()).as(denied.toString()).isEqualTo(77);
        assertThat(denied.err()).contains("needs a person's approval").doesNotContain("needs workspace-write (this session runs in workspace-write)")
                .doesNotContain("--profile");
        String hint = line(denied.err(), "airlock run --session \\S+ --approver queue -- rm notes.txt");

        // followed as written: run it with the queue approver, and approve it from "another terminal"
        String[] args = hint.strip().split(" ");
        var waiting = CompletableFuture.supplyAsync(() -> new Cli(state).run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        String id = pendingRequest();
        var approve = new Cli(state).run("approve", id);
        assertThat(approve.exit()).as(approve.toString()).isZero();
        var ran = waiting.get(2, TimeUnit.MINUTES);

        assertThat(ran.exit()).as(ran.toString()).isZero();
        assertThat(workspace.resolve("notes.txt")).doesNotExist();
    }

    /** Approved, a read of .env shows an empty file: Airlock says it is masked, and the --env it names does pass a secret. */
    @Test
    void anApprovedReadOfAMaskedSecretSaysItIsMaskedAndTheEnvHintWorks() throws Exception {
        Files.writeString(workspace.resolve(".env"), "DB_PASSWORD=hunter2\n");

        var read = cli.run("run", "--approver", dev.airlock.testing.Reviewers.allow(state), "--workspace", workspace.toString(),
                "--", "cat", ".env");

        assertThat(read.exit()).as(read.toString()).isZero();
        assertThat(read.out()).isEmpty();
        assertThat(read.err()).contains("reads .env, a masked secret: in the sandbox it reads as empty")
                .contains("--env NAME").doesNotContain("hunter2");
        var passed = cli.env("DB_PASSWORD", "hunter2").run("run", "--env", "DB_PASSWORD", "--workspace", workspace.toString(),
                "--", "sh", "-c", "test \"$DB_PASSWORD\" = hunter2 && echo passed");
        assertThat(passed.out()).as(passed.toString()).isEqualTo("passed\n");
    }

    @Test
    void inAWarmSessionTheHintSaysExec() {
        var start = cli.run("session", "start", "--workspace", workspace.toString());
        assertThat(start.exit()).as(start.toString()).isZero();
        String session = start.out().strip();

        var denied = cli.run("exec", "--session", session, "--approver", "deny", "--", "rm", "notes.txt");

        assertThat(denied.exit()).as(denied.toString()).isEqualTo(77);
        assertThat(denied.err()).contains("airlock exec --session " + session + " --approver queue -- rm notes.txt")
                .doesNotContain("airlock run --session");
    }

    private String pendingRequest() throws Exception {
        var mapper = new ObjectMapper();
        String[] found = new String[1];
        assertThat(Engine.eventually(() -> {
            try {
                var list = mapper.readTree(new Cli(state).run("approvals", "--json").out());
                var pending = list.path("pending");
                if (!pending.isEmpty()) {
                    found[0] = pending.get(0).path("id").asText();
                    return true;
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(90))).as("the request waits in the queue").isTrue();
        return found[0];
    }

    private static String line(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group();
    }
}
