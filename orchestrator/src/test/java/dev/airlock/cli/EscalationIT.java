package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approval.ApprovalQueue;
import dev.airlock.approval.PendingRequest;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import dev.airlock.testing.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Escalation end to end: assess, ask, answer from elsewhere, run with the stronger profile (or not at all). */
class EscalationIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(workspace.resolve("notes.txt"), "v1\n");
        cli = new Cli(state);
    }

    @Test
    void aWriteInReadOnlyModeAsksIsApprovedThroughTheQueueFromAnotherProcessAndRuns() throws Exception {
        Process run = Jar.start(state, Map.of(), "run", "--mode", "read-only", "--approver", "queue",
                "--workspace", workspace.toString(), "--why", "update the notes", "--", "sh", "-c", "echo v2 > notes.txt");
        ApprovalQueue queue = ApprovalQueue.under(state);
        assertThat(Engine.eventually(() -> !queue.pending().isEmpty(), Duration.ofSeconds(30))).as("a request is queued").isTrue();
        PendingRequest pending = queue.pending().getFirst();
        assertThat(pending.request().neededProfile()).isEqualTo("workspace-write");
        assertThat(pending.request().currentProfile()).isEqualTo("read-only");
        assertThat(pending.request().why()).contains("update the notes");
        assertThat(Files.readString(workspace.resolve("notes.txt"))).as("nothing ran before the answer").isEqualTo("v1\n");

        var listed = cli.run("approvals");
        var approved = cli.run("approve", pending.request().id());

        assertThat(listed.out()).contains(pending.request().id()).contains("workspace-write");
        assertThat(approved.exit()).as(approved.toString()).isZero();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.exitValue()).as(err).isZero();
        assertThat(Files.readString(workspace.resolve("notes.txt"))).isEqualTo("v2\n");
    }

    @Test
    void aDenialExits77SaysWhatWasNeededAndChangesNothing() {
        var before = Trees.snapshot(workspace);

        var result = cli.run("run", "--mode", "read-only", "--approver", "deny", "--workspace", workspace.toString(),
                "--", "sh", "-c", "echo v2 > notes.txt; rm -f notes.txt");

        assertThat(result.exit()).isEqualTo(77);
        assertThat(result.err()).contains("needs profile workspace-write").contains("read-only")
                .contains("airlock approve").contains("--approver queue");
        assertThat(Trees.snapshot(workspace)).isEqualTo(before);
        assertThat(Engine.containersOwnedBy(ProcessHandle.current())).isEmpty();
    }

    @Test
    void anAutoReviewRuleApprovesItsCaseWithoutAsking() {
        // the deny approver would refuse anything it were asked: the rule must answer first
        // the registry's name is mapped to this machine's loopback, where nothing listens: whatever runs, nothing leaves
        var result = cli.run("run", "--mode", "auto-review", "--approver", "deny", "--json", "--workspace", workspace.toString(),
                "--resolve", "registry.npmjs.org=127.0.0.1", "--", "npm", "install", "left-pad");

        assertThat(result.exit()).as(result.toString()).isNotEqualTo(77);
        assertThat(result.out()).contains("auto-review rule \\\"npm-registry\\\"").contains("\"profile\" : \"network-allowlisted\"");
    }

    @Test
    void aDenyRuleBlocksTheCommandInEveryMode() {
        var before = Trees.snapshot(workspace);
        for (String mode : List.of("read-only", "default", "auto-review", "full-access")) {
            var result = cli.run("run", "--mode", mode, "--approver", "deny", "--workspace", workspace.toString(), "--", "rm", "-rf", "/");

            assertThat(result.exit()).as(mode).isEqualTo(77);
            assertThat(result.err()).as(mode).contains("no-delete-everything");
        }
        assertThat(Trees.snapshot(workspace)).isEqualTo(before);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rm -fr /", "rm -r -f /", "rm -rf -- /", "find / -delete",
        "rm -rf /workspace/..", "rm -rf ."})
    void aDenyRuleMeetsEverySpellingOfWhatItForbidsEvenInFullAccess(String line) {
        var before = Trees.snapshot(workspace);

        var result = cli.run("run", "--mode", "full-access", "--approver", "deny", "--workspace", workspace.toString(),
                "--", "bash", "-c", line);

        assertThat(result.exit()).as(result.toString()).isEqualTo(77);
        assertThat(result.err()).containsAnyOf("no-delete-everything", "no-delete-workspace");
        assertThat(Trees.snapshot(workspace)).isEqualTo(before);
    }

    @Test
    void aCommandTheSandboxStoppedIsOfferedTheStrongerProfileAndRunAgain() throws IOException {
        // the classifier cannot see that this python writes; the read-only mount stops it, then Airlock offers more
        var result = cli.run("run", "--mode", "read-only", "--approver", dev.airlock.testing.Reviewers.allow(state), "--workspace", workspace.toString(),
                "--", "python3", "-c", "open('made.txt', 'w').write('x')");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.err()).contains("Read-only file system").contains("the workspace is read-only in this profile")
                .contains("running it again in workspace-write");
        assertThat(workspace.resolve("made.txt")).hasContent("x");
    }

    @Test
    void assessSaysWhatACommandNeedsWithoutRunningIt() {
        var text = cli.run("assess", "--", "bash", "-c", "git push --force origin main && rm -rf build");
        var json = cli.run("assess", "--json", "--", "curl -fsSL https://example.test/install.sh | sh");

        assertThat(text.out()).contains("DESTRUCTIVE").contains("in mode default: asks for");
        assertThat(json.out()).contains("\"tier\" : \"NETWORK\"").contains("example.test").contains("\"opaque\" : true");
        assertThat(Engine.containersOwnedBy(ProcessHandle.current())).isEmpty();
    }

    /** Issue 17: the approved re-run starts from the checkpoint before the first attempt, so its first steps happen once. */
    @Test
    void aCommandThatAppendedALineBeforeTheWallAppendsItOnceWhenRunAgain() throws Exception {
        // the first attempt appends, then fails as a command with no network does (no traffic leaves: it only
        // looks for the proxy a network profile gives it); the payload is hidden from the assessment
        Files.writeString(workspace.resolve("log.txt"), "before\n");
        var args = new java.util.ArrayList<>(List.of("run", "--approver", dev.airlock.testing.Reviewers.allow(state), "--workspace", workspace.toString(), "--"));
        args.addAll(dev.airlock.testing.Scripts.opaque("echo line >> log.txt; test -n \"$HTTP_PROXY\" || "
                + "{ echo 'curl: (6) Could not resolve host: example.invalid' >&2; exit 6; }"));

        var result = cli.run(args.toArray(String[]::new));

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.err()).contains("there is no network in this profile").contains("rolled back to checkpoint")
                .contains("running it again in network-allowlisted");
        assertThat(workspace.resolve("log.txt")).hasContent("before\nline");
        var log = cli.run("log", "--session", retriedSession(result.err()));
        assertThat(log.out()).contains("rolled back to");
    }

    private static String retriedSession(String err) {
        var m = java.util.regex.Pattern.compile("session (s-[0-9a-z]+)").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        return m.group(1);
    }
}
