package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Scripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15 item 4, in a real container: git works as developers use it (the host user's name and email, and
 * nothing else of their git config; routine {@code git config} and {@code git remote add}), while every
 * write that would make the host's git run a program is refused with Airlock's own explanation.
 */
class GitDevIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    @TempDir
    Path home;
    Path marker;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        marker = home.resolve("pwned");
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Ada Lovelace\n\temail = ada@example.test\n"
                + "[credential]\n\thelper = store\n[core]\n\tpager = touch " + marker + "\n"
                + "[url \"https://token-s3cret@example.test/\"]\n\tinsteadOf = https://example.test/\n");
        cli = new Cli(state).env("HOME", home.toString());
        hostGit("init", "-q", "-b", "main");
        Files.writeString(workspace.resolve("app.txt"), "v1\n");
        hostGit("add", "app.txt");
        hostGit("-c", "user.name=a", "-c", "user.email=a@b.test", "commit", "-qm", "one");
    }

    @Test
    void gitCommitInsideUsesTheHostIdentityAndSeesNothingElseOfItsConfig() throws Exception {
        Files.writeString(workspace.resolve("app.txt"), "v2\n");

        var result = run("sh", "-c", "git commit -qam inside && git log -1 --format='%an <%ae> / %cn <%ce>' "
                + "&& git config --list --show-origin");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Ada Lovelace <ada@example.test> / Ada Lovelace <ada@example.test>")
                .doesNotContain("credential").doesNotContain("token-s3cret").doesNotContain("pager").doesNotContain("pwned");
        assertThat(hostGit("log", "-1", "--format=%an <%ae>")).contains("Ada Lovelace <ada@example.test>");
        assertThat(marker).doesNotExist();
    }

    @Test
    void theIdentityReachesPooledAndWarmSandboxesThroughTheServer() throws Exception {
        try (var server = new dev.airlock.testing.ServerClient(state, java.util.Map.of("HOME", home.toString()))) {
            for (int i = 0; i < 2; i++) {
                var pooled = server.run("run", "--workspace", workspace.toString(), "--", "git", "var", "GIT_AUTHOR_IDENT");
                assertThat(pooled.exit()).as(pooled.toString()).isZero();
                assertThat(pooled.out()).startsWith("Ada Lovelace <ada@example.test>");
            }
            var started = server.run("session", "start", "--workspace", workspace.toString());
            assertThat(started.exit()).as(started.toString()).isZero();
            String id = started.out().strip();
            var warm = server.run("exec", "--session", id, "--", "git", "var", "GIT_COMMITTER_IDENT");
            assertThat(warm.out()).as(warm.toString()).startsWith("Ada Lovelace <ada@example.test>");
            server.run("session", "stop", id);
        }
    }

    @Test
    void aRepositorysOwnEmailStillWinsOverTheHostOne() throws Exception {
        hostGit("config", "user.email", "work@example.test");

        var result = run("sh", "-c", "git commit -q --allow-empty -m x && git log -1 --format=%an/%ae");

        assertThat(result.out()).as(result.toString()).contains("Ada Lovelace/work@example.test");
    }

    @Test
    void routineGitConfigAndRemoteAddWorkAndReachTheRepository() throws Exception {
        var email = run("git", "config", "user.email", "me@example.test");
        var remote = run("git", "remote", "add", "origin", "https://example.test/app.git");
        var pull = run("git", "config", "pull.rebase", "true");

        assertThat(email.exit()).as(email.toString()).isZero();
        assertThat(remote.exit()).as(remote.toString()).isZero();
        assertThat(pull.exit()).as(pull.toString()).isZero();
        assertThat(hostGit("config", "--local", "--list")).contains("user.email=me@example.test")
                .contains("remote.origin.url=https://example.test/app.git").contains("pull.rebase=true");
        assertThat(remote.err()).doesNotContain("undone");
    }

    /** Each key that makes git run a program, set in the open and hidden in a script: refused, explained. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "core.fsmonitor|touch MARKER",
            "core.hooksPath|/tmp",
            "core.sshCommand|touch MARKER",
            "core.pager|touch MARKER",
            "alias.st|!touch MARKER",
            "filter.x.clean|touch MARKER",
            "diff.external|touch MARKER",
            "credential.helper|!touch MARKER",
            "include.path|/tmp/evil",
            "remote.origin.uploadpack|touch MARKER",
    })
    void aKeyThatRunsAProgramIsRefusedWithAirlocksMessage(String key, String value) throws Exception {
        String before = Files.readString(workspace.resolve(".git/config"));
        String v = value.replace("MARKER", marker.toString());

        var open = run("git", "config", key, v);
        var hidden = run(Scripts.opaque("git config '" + key + "' '" + v + "'; echo end").toArray(String[]::new));

        assertThat(open.exit()).as(open.toString()).isNotZero();
        assertThat(open.err()).contains("could not write .git/config: Airlock protects it");
        assertThat(hidden.out()).as(hidden.toString()).contains("end");
        assertThat(hidden.err()).contains("could not write .git/config: Airlock protects it");
        assertThat(Files.readString(workspace.resolve(".git/config"))).isEqualTo(before);
        hostGit("status");
        hostGit("log", "-1");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aRemoteWhoseUrlRunsACommandIsRefused() throws Exception {
        String before = Files.readString(workspace.resolve(".git/config"));

        var result = run("git", "remote", "add", "evil", "ext::sh -c touch% " + marker);

        assertThat(result.exit()).as(result.toString()).isNotZero();
        assertThat(result.err()).contains("Airlock protects it");
        assertThat(Files.readString(workspace.resolve(".git/config"))).isEqualTo(before);
    }

    @Test
    void writingAProtectedHookFailsWithAirlocksMessage() throws Exception {
        var result = run(Scripts.opaque("printf '#!/bin/sh\\ntouch " + marker + "\\n' > .git/hooks/pre-commit; "
                + "chmod +x .git/hooks/pre-commit; echo end").toArray(String[]::new));

        assertThat(result.out()).as(result.toString()).contains("end");
        assertThat(result.err()).contains("Read-only file system")
                .contains("could not write .git/hooks/pre-commit: Airlock protects it").contains("on the host yourself");
        assertThat(workspace.resolve(".git/hooks/pre-commit")).doesNotExist();
        hostGit("-c", "user.name=a", "-c", "user.email=a@b.test", "commit", "-q", "--allow-empty", "-m", "host");
        assertThat(marker).doesNotExist();
    }

    private Cli.Result run(String... command) {
        var args = new ArrayList<>(List.of("run", "--no-retry", "--workspace", workspace.toString(), "--"));
        args.addAll(List.of(command));
        return cli.run(args.toArray(String[]::new));
    }

    /** The user's own git on the host, with the machine's configuration and not the test's HOME. */
    private String hostGit(String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("git", "-C", workspace.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
