package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Scripts;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, the branch, on a real engine: a session's branch lives in a tree of its own, the user's checkout,
 * HEAD, branches and uncommitted changes stay as they are, each command's work is a commit, {@code apply}
 * brings the commits in and {@code discard} leaves nothing. Then the sandbox attacks the host-side steps, its
 * payloads hidden from the assessment: nothing it plants in its tree runs on the host or redirects {@code apply}.
 */
class BranchSessionIT {

    /** The user's repository, Airlock's state and the rest of the host, each a folder of one temporary root. */
    @TempDir
    Path root;
    Path repo;
    Path state;
    Path host;
    Path marker;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        repo = Files.createDirectories(root.resolve("repo"));
        state = Files.createDirectories(root.resolve("state"));
        host = Files.createDirectories(root.resolve("host"));
        marker = host.resolve("pwned");
        cli = new Cli(state);
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("app.txt"), "v1\n");
        git(repo, "add", "app.txt");
        git(repo, "-c", "user.name=a", "-c", "user.email=a@b.test", "commit", "-qm", "one");
        // the user's own work in progress, which a session must leave where it is
        Files.writeString(repo.resolve("app.txt"), "v1\nwork in progress\n");
        Files.writeString(repo.resolve("notes.txt"), "untracked\n");
    }

    @Test
    void aBranchSessionLeavesTheCheckoutAloneCommitsItsWorkAndIsAppliedThenDiscarded() throws Exception {
        String status = git(repo, "status", "--porcelain");
        String head = git(repo, "rev-parse", "HEAD");

        var first = cli.run("run", "--branch", "--workspace", repo.toString(), "--", "sh", "-c",
                "echo v2 >> app.txt && echo new > new.txt && git status --porcelain");
        assertThat(first.exit()).as(first.toString()).isZero();
        String session = session(first.err());
        String branch = "airlock/" + session;
        assertThat(first.err()).contains("branch " + branch).contains("c-1 committed");
        // inside, the tree is a clean checkout of HEAD: the user's work in progress is not there
        assertThat(first.out()).contains(" M app.txt").contains("?? new.txt").doesNotContain("notes.txt");
        var second = cli.run("run", "--session", session, "--workspace", repo.toString(), "--", "sh", "-c", "echo two >> new.txt");
        assertThat(second.exit()).as(second.toString()).isZero();

        assertUntouched(status, head);
        var report = cli.run("report", "--session", session);
        assertThat(report.out()).as(report.toString()).contains("Branch " + branch + ": 2 commits").contains("not applied yet")
                .contains("airlock apply --session " + session).contains("not in your checkout");
        assertThat(cli.run("log", "--session", session).out()).contains("branch " + branch + " committed by c-2");
        assertThat(cli.run("report", "--session", session, "--format", "json").out()).contains("\"branch\"").contains("\"commits\"");

        var applied = cli.run("apply", "--session", session);

        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertThat(applied.out()).contains("applied 2 commit(s) to branch " + branch);
        assertThat(git(repo, "log", "--format=%s", head + ".." + branch)).contains("airlock c-1: sh -c").contains("airlock c-2: sh -c");
        assertThat(git(repo, "show", branch + ":new.txt")).isEqualTo("new\ntwo");
        assertThat(git(repo, "show", branch + ":app.txt")).isEqualTo("v1\nv2");
        // only the work: no mount point, mask or protected placeholder of the sandbox
        assertThat(git(repo, "ls-tree", "-r", "--name-only", branch).lines().toList()).containsExactly("app.txt", "new.txt");
        assertUntouched(status, head);
        assertThat(cli.run("report", "--session", session).out()).contains("applied: ");

        var discarded = cli.run("discard", "--session", session);

        assertThat(discarded.exit()).as(discarded.toString()).isZero();
        assertThat(git(repo, "branch", "--list")).doesNotContain("airlock");
        assertThat(state.resolve("trees").resolve(session)).doesNotExist();
        assertThat(state.resolve("sessions").resolve(session).resolve("branch.git")).doesNotExist();
        assertUntouched(status, head);
        assertThat(cli.run("report", "--session", session).out()).contains("discarded");
        var after = cli.run("run", "--session", session, "--", "true");
        assertThat(after.exit()).as(after.toString()).isEqualTo(2);
        assertThat(after.err()).contains("was discarded");
    }

    @Test
    void aFullAccessRunInARepositoryWorksOnItsOwnBranch() throws Exception {
        String status = git(repo, "status", "--porcelain");
        String head = git(repo, "rev-parse", "HEAD");

        var run = cli.run("run", "--mode", "full-access", "--workspace", repo.toString(), "--", "sh", "-c", "echo v2 > app.txt");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).contains("branch airlock/" + session(run.err()));
        assertUntouched(status, head);
        assertThat(repo.resolve("app.txt")).hasContent("v1\nwork in progress");
    }

    @Test
    void aWarmBranchSessionThroughTheServerCommitsEachExecAndDiscardStopsItsSandboxes() throws Exception {
        String status = git(repo, "status", "--porcelain");
        String head = git(repo, "rev-parse", "HEAD");
        try (var server = new dev.airlock.testing.ServerClient(state)) {
            var started = server.run("session", "start", "--branch", "--workspace", repo.toString());
            assertThat(started.exit()).as(started.toString()).isZero();
            String session = started.out().strip();
            try {
                assertThat(server.run("exec", "--session", session, "--", "sh", "-c", "echo one > new.txt").exit()).isZero();
                var second = server.run("exec", "--session", session, "--", "sh", "-c", "echo two >> new.txt");
                assertThat(second.err()).as(second.toString()).contains("c-2 committed");
                assertUntouched(status, head);

                assertThat(server.run("apply", "--session", session).exit()).isZero();
                assertThat(git(repo, "show", "airlock/" + session + ":new.txt")).isEqualTo("one\ntwo");
                var discarded = server.run("discard", "--session", session);

                assertThat(discarded.exit()).as(discarded.toString()).isZero();
                assertThat(dev.airlock.testing.Engine.containersOf(session)).isEmpty();
                assertThat(state.resolve("trees").resolve(session)).doesNotExist();
                assertThat(server.run("exec", "--session", session, "--", "true").err()).contains("was discarded");
                assertUntouched(status, head);
            } finally {
                server.run("session", "stop", session);
                dev.airlock.testing.Engine.containersOf(session).forEach(Cli.runtime()::remove);
            }
        }
    }

    @Test
    void whatTheSandboxPlantsInItsTreeRunsNothingOnTheHostAndDoesNotRedirectApply() throws Exception {
        Path other = host.resolve("other");
        Files.createDirectories(other);
        git(other, "init", "-q", "-b", "main");
        String status = git(repo, "status", "--porcelain");
        String head = git(repo, "rev-parse", "HEAD");
        String evil = "[core]\n\tfsmonitor = \"touch " + marker + "\"\n\thooksPath = /tmp/h\n[alias]\n\tst = !touch " + marker
                + "\n[filter \"x\"]\n\tclean = touch " + marker + "\n\tsmudge = touch " + marker + "\n";
        var start = cli.run("run", "--branch", "--workspace", repo.toString(), "--", "sh", "-c", "echo real > work.txt");
        String session = session(start.err());
        String branch = "airlock/" + session;

        // every place git looks for a program or another repository, written the ways a command can reach them
        var attack = cli.run(withArgs(List.of("run", "--session", session, "--no-retry", "--"), Scripts.opaque(
                "echo forged > work.txt; git add work.txt; git -c user.name=x -c user.email=x@y commit -qm forged; echo real > work.txt; "
                        + "printf '" + printfSafe(evil) + "' > .git/config; printf '" + printfSafe(evil) + "' > /tmp/evil.cfg; "
                        + "mkdir -p .git/hooks; printf '#!/bin/sh\\ntouch " + marker + "\\n' > .git/hooks/post-commit; "
                        + "echo /tmp > .git/commondir; cp /tmp/evil.cfg .git/config.worktree; "
                        + "echo '* filter=x' > .gitattributes; "
                        + "echo " + other.resolve(".git/objects") + " > .git/objects/info/alternates; "
                        + "python3 -c 'import os; os.rename(\".git\", \".git-away\")'; "
                        + "printf 'gitdir: " + other.resolve(".git") + "\\n' > .git-file && python3 -c 'import os; os.rename(\".git-file\", \".git\")'; "
                        + "echo more >> work.txt; echo end")));
        assertThat(attack.out()).as(attack.toString()).contains("end");
        assertThat(attack.err()).contains("Read-only file system").contains(".git/commondir").contains("removed");
        assertThat(git(state.resolve("trees").resolve(session), "log", "--format=%s", branch)).contains("forged");

        var applied = cli.run("apply", "--session", session);

        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertThat(marker).doesNotExist();
        assertThat(git(repo, "show", branch + ":work.txt")).isEqualTo("real\nmore");
        assertThat(git(repo, "log", "--format=%s", branch)).doesNotContain("forged");
        assertThat(git(other, "branch", "--list")).doesNotContain("airlock");
        assertThat(Files.readString(other.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
        assertUntouched(status, head);
        // the user's own git afterwards, with the machine's configuration: nothing planted runs either
        git(repo, "log", "-1", branch);
        git(repo, "status");
        assertThat(marker).doesNotExist();

        var discarded = cli.run("discard", "--session", session);
        assertThat(discarded.exit()).as(discarded.toString()).isZero();
        assertThat(state.resolve("trees").resolve(session)).doesNotExist();
        assertThat(git(repo, "branch", "--list")).doesNotContain("airlock");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aTreeWhoseGitIsSwappedForALinkToTheUsersRepositoryDoesNotReachIt() throws Exception {
        String status = git(repo, "status", "--porcelain");
        String head = git(repo, "rev-parse", "HEAD");
        var start = cli.run("run", "--branch", "--workspace", repo.toString(), "--", "sh", "-c", "echo real > work.txt");
        String session = session(start.err());

        var attack = cli.run(withArgs(List.of("run", "--session", session, "--no-retry", "--"), Scripts.opaque(
                "python3 -c 'import os, shutil; shutil.rmtree(\".git\", ignore_errors=True); os.rename(\".git\", \".git-x\")'; "
                        + "python3 -c 'import os; os.symlink(\"" + repo.resolve(".git") + "\", \".git\")'; "
                        + "git -c user.name=x -c user.email=x@y commit -qam forged --allow-empty; echo end")));
        assertThat(attack.out()).as(attack.toString()).contains("end");
        var applied = cli.run("apply", "--session", session);

        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertUntouched(status, head);
        assertThat(git(repo, "log", "--all", "--format=%s")).doesNotContain("forged");
        assertThat(Files.exists(state.resolve("trees").resolve(session).resolve(".git"), LinkOption.NOFOLLOW_LINKS)
                && Files.isSymbolicLink(state.resolve("trees").resolve(session).resolve(".git"))).isFalse();
    }

    /** The user's checkout as it was: HEAD, current branch, work in progress, untracked files. */
    private void assertUntouched(String status, String head) throws Exception {
        assertThat(Files.readString(repo.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
        assertThat(git(repo, "rev-parse", "HEAD")).isEqualTo(head);
        assertThat(git(repo, "status", "--porcelain")).isEqualTo(status);
        assertThat(repo.resolve("app.txt")).hasContent("v1\nwork in progress");
        assertThat(repo.resolve("notes.txt")).hasContent("untracked");
        assertThat(repo.resolve("new.txt")).doesNotExist();
        assertThat(repo.resolve("work.txt")).doesNotExist();
    }

    /**
     * Deleting what can come back costs no question in a branch session either: a file of the base (the tree's
     * git holds it) and one an earlier command made (only the branch's commit holds it) are deleted without
     * asking, as a tracked unchanged file in the user's own workspace is; one made in the same command is asked.
     */
    @Test
    void deletingWhatTheBranchHoldsUnchangedIsNotAskedAboutAsInTheUsersWorkspace() throws Exception {
        var first = cli.run("run", "--branch", "--workspace", repo.toString(), "--", "sh", "-c", "echo made > made.txt");
        assertThat(first.exit()).as(first.toString()).isZero();
        String session = session(first.err());
        assertThat(first.err()).contains("c-1 committed");

        var made = cli.run("run", "--session", session, "--workspace", repo.toString(), "--approver", "deny", "--", "rm", "made.txt");
        var base = cli.run("run", "--session", session, "--workspace", repo.toString(), "--approver", "deny", "--", "rm", "app.txt");
        var fresh = cli.run("run", "--session", session, "--workspace", repo.toString(), "--approver", "deny", "--", "sh", "-c",
                "echo fresh > fresh.txt && rm fresh.txt");

        assertThat(made.exit()).as(made.toString()).isZero();
        assertThat(made.err()).doesNotContain("approval");
        assertThat(base.exit()).as(base.toString()).isZero();
        Path tree = state.resolve("trees").resolve(session);
        assertThat(tree.resolve("made.txt")).doesNotExist();
        assertThat(tree.resolve("app.txt")).doesNotExist();
        assertThat(fresh.exit()).as("a file no commit holds is still asked about: " + fresh).isEqualTo(77);
        // the user's checkout is not where any of it happened
        assertThat(repo.resolve("app.txt")).exists();
    }

    private static String session(String err) {
        Matcher m = Pattern.compile("session (s-[0-9a-z]+)").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        return m.group(1);
    }

    private static String[] withArgs(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all.toArray(String[]::new);
    }

    private static String printfSafe(String text) {
        return text.replace("\\", "\\\\").replace("%", "%%").replace("\n", "\\n").replace("\t", "\\t").replace("'", "'\\''");
    }

    private static String git(Path dir, String... args) throws Exception {
        return dev.airlock.testing.HostGit.run(dir, args);
    }
}
