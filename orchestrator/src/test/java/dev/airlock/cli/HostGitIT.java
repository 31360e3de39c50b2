package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Audits;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Scripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 1 of issue 12, attacked from inside a real container with the payload hidden from the assessment: the
 * sandbox tries to make the host's git (Airlock's own --branch, a full-access run, the user's git status
 * afterwards) run a program of its choosing, or move another repository. A marker file the planted program
 * would write must never appear on the host.
 */
class HostGitIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    @TempDir
    Path host;
    Path marker;
    Cli cli;

    @BeforeEach
    void setUp() {
        marker = host.resolve("pwned");
        cli = new Cli(state);
    }

    /** What every planted config tries: the program writes the marker on the host. */
    private String planted() {
        return "[core]\n\tfsmonitor = \"touch " + marker + "\"\n\thooksPath = /tmp\n"
                + "[alias]\n\tst = !touch " + marker + "\n[core] pager = touch " + marker + "\n";
    }

    @Test
    void aRenamedRepositoryCannotBeReplacedWithOneThatRunsAProgram() throws Exception {
        repository();
        String configBefore = Files.readString(workspace.resolve(".git/config"));

        var result = opaque("mv .git .git-orig; python3 -c 'import os; os.rename(\".git\", \".git-py\")'; "
                + "printf '" + printfSafe(planted()) + "' > .git/config; echo end");

        assertThat(result.out()).as(result.toString()).contains("end");
        assertThat(result.err()).containsAnyOf("Device or resource busy", "Resource busy");
        assertThat(workspace.resolve(".git-orig")).doesNotExist();
        assertThat(Files.readString(workspace.resolve(".git/config"))).isEqualTo(configBefore);
        hostSideOperations();
    }

    @Test
    void aCommondirThatSendsGitElsewhereIsRemovedAndReported() throws Exception {
        repository();

        var result = opaque("mkdir -p .evil && printf '" + printfSafe(planted()) + "' > .evil/config && "
                + "echo ../.evil > .git/commondir && printf '[core]\\n\\tpager = touch " + marker + "\\n' > .git/config.worktree; echo end");

        assertThat(result.out()).as(result.toString()).contains("end");
        assertThat(result.err()).contains(".git/commondir").contains(".git/config.worktree").contains("removed");
        assertThat(workspace.resolve(".git/commondir")).doesNotExist();
        assertThat(workspace.resolve(".git/config.worktree")).doesNotExist();
        assertThat(audit()).contains("\"type\":\"undone\"").contains(".git/commondir");
        hostSideOperations();
    }

    @Test
    void aRepositoryTheSandboxCreatesLosesTheConfigItPlanted() throws Exception {
        Files.writeString(workspace.resolve("app.txt"), "v1\n");

        var result = opaque("git init -q && git config core.fsmonitor 'touch " + marker + "' && "
                + "git config core.hooksPath .h && git config alias.st '!touch " + marker + "' && "
                + "mkdir -p .git/hooks && printf '#!/bin/sh\\ntouch " + marker + "\\n' > .git/hooks/post-checkout && "
                + "chmod +x .git/hooks/post-checkout && git init -q sub && git -C sub config core.pager 'touch " + marker + "'; echo end");

        assertThat(result.out()).as(result.toString()).contains("end");
        assertThat(result.err()).contains(".git/config").contains("core.fsmonitor").contains("sub/.git/config")
                .contains(".git/hooks/post-checkout").doesNotContain("touch " + marker);
        assertThat(workspace.resolve(".git/config")).doesNotExist();
        assertThat(workspace.resolve("sub/.git/config")).doesNotExist();
        assertThat(workspace.resolve(".git/hooks/post-checkout")).doesNotExist();
        hostGit(workspace.resolve("sub"), "status");
        hostSideOperations();
    }

    @Test
    void aGitLinkToAnotherRepositoryIsRemovedAndThatRepositoryDoesNotMove() throws Exception {
        Path other = host.resolve("other");
        Files.createDirectories(other);
        hostGit(other, "init", "-q", "-b", "main");
        Files.writeString(other.resolve("x"), "x");
        hostGit(other, "add", "x");
        hostGit(other, "-c", "user.name=a", "-c", "user.email=a@b.test", "commit", "-qm", "one");
        Files.writeString(other.resolve(".git/config"), planted(), java.nio.file.StandardOpenOption.APPEND);
        String head = Files.readString(other.resolve(".git/HEAD"));
        Files.writeString(workspace.resolve("app.txt"), "v1\n");

        var result = opaque("python3 -c 'import os; os.symlink(\"" + other.resolve(".git") + "\", \".git\"); "
                + "os.makedirs(\"lib\"); os.symlink(\"" + other.resolve(".git") + "\", \"lib/.git\")'; echo end");

        assertThat(result.out()).as(result.toString()).contains("end");
        assertThat(result.err()).contains("a .git that is a symbolic link").contains("lib/.git");
        assertThat(Files.exists(workspace.resolve(".git"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(workspace.resolve("lib/.git"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        var branch = cli.run("run", "--branch", "--workspace", workspace.toString(), "--", "true");
        assertThat(branch.exit()).isNotZero();
        assertThat(branch.err()).contains("needs a git repository");
        cli.run("run", "--mode", "full-access", "--workspace", workspace.toString(), "--", "true");
        assertThat(Files.readString(other.resolve(".git/HEAD"))).isEqualTo(head);
        assertThat(other.resolve(".git/refs/heads/airlock")).doesNotExist();
        assertThat(marker).doesNotExist();
    }

    @Test
    void aPinnedRepositoryCannotBeSwappedForALink() throws Exception {
        repository();
        Path other = host.resolve("other");
        Files.createDirectories(other);
        hostGit(other, "init", "-q", "-b", "main");

        var result = opaque("python3 -c 'import os, shutil; shutil.rmtree(\".git\", ignore_errors=True); "
                + "os.rename(\".git\", \".git-x\")' ; python3 -c 'import os; os.symlink(\"" + other.resolve(".git") + "\", \".git\")'; echo end");

        assertThat(result.out()).as(result.toString()).contains("end");
        assertThat(Files.isDirectory(workspace.resolve(".git"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(other.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
        hostSideOperations();
        assertThat(Files.readString(other.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
    }

    @Test
    void aHooksFolderTheRepositoryNamesIsProtectedLikeGitHooks() throws Exception {
        repository();
        hostGit(workspace, "config", "core.hooksPath", "tools/hooks");
        Files.createDirectories(workspace.resolve(".husky"));
        Files.writeString(workspace.resolve(".husky/pre-commit"), "npm test\n");

        var result = opaque("echo 'touch " + marker + "' > .husky/pre-commit; mkdir -p tools/hooks && "
                + "printf '#!/bin/sh\\ntouch " + marker + "\\n' > tools/hooks/post-checkout && chmod +x tools/hooks/post-checkout; echo end");

        assertThat(result.out()).as(result.toString()).contains("end");
        assertThat(result.err()).contains("Read-only file system").contains("tools/hooks").contains("removed");
        assertThat(workspace.resolve(".husky/pre-commit")).hasContent("npm test");
        assertThat(workspace.resolve("tools/hooks")).doesNotExist();
        hostGit(workspace, "checkout", "-q", "-b", "after");
        hostSideOperations();
    }

    /** Airlock's own git work and the user's, after the attack: nothing the sandbox planted runs. */
    private void hostSideOperations() throws Exception {
        if (Files.isDirectory(workspace.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            String head = Files.readString(workspace.resolve(".git/HEAD"));
            var branched = cli.run("run", "--branch", "--workspace", workspace.toString(), "--", "true");
            // a repository whose objects the attack deleted has no commit to branch from: refused, and said so
            if (!branched.err().contains("is missing or damaged")) {
                assertThat(branched.exit()).as(branched.toString()).isZero();
            }
            // the session's branch lives in a tree of its own: the user's HEAD does not move
            assertThat(Files.readString(workspace.resolve(".git/HEAD"))).isEqualTo(head);
            var full = cli.run("run", "--mode", "full-access", "--workspace", workspace.toString(), "--", "true");
            assertThat(full.err()).doesNotContain("Exception");
            hostGit(workspace, "status");
            hostGit(workspace, "log", "--oneline", "-1");
        }
        assertThat(marker).doesNotExist();
    }

    private void repository() throws Exception {
        hostGit(workspace, "init", "-q", "-b", "main");
        Files.writeString(workspace.resolve("app.txt"), "v1\n");
        hostGit(workspace, "add", "app.txt");
        hostGit(workspace, "-c", "user.name=a", "-c", "user.email=a@b.test", "commit", "-qm", "one");
    }

    private Cli.Result opaque(String script) {
        var args = new ArrayList<>(List.of("run", "--no-retry", "--workspace", workspace.toString(), "--"));
        args.addAll(Scripts.opaque(script));
        return cli.run(args.toArray(String[]::new));
    }

    /** As printf's format: backslashes and percent signs kept, quotes safe inside '...'. */
    private static String printfSafe(String text) {
        return text.replace("\\", "\\\\").replace("%", "%%").replace("\n", "\\n").replace("\t", "\\t").replace("'", "'\\''");
    }

    private String audit() throws IOException {
        return Audits.all(state);
    }

    /** The user's own git on the host, with the machine's own configuration, as they would run it. */
    private static String hostGit(Path dir, String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
