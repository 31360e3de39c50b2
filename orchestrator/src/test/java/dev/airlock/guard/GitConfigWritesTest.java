package dev.airlock.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitConfigWritesTest {

    private static List<String> argv(String line) {
        return Arrays.asList(line.split("\\|"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "git|config|user.email|me@example.test",
            "git|config|user.name|Ada Lovelace",
            "git|config|--local|pull.rebase|true",
            "git|config|--unset|user.email",
            "git|config|set|init.defaultBranch|main",
            "git|config|branch.main.remote|origin",
            "git|config|core.fsmonitor|false",
            "git|remote|add|origin|https://example.test/r.git",
            "git|remote|set-url|origin|git@example.test:r.git",
            "git|remote|rename|origin|upstream",
            "git|remote|remove|upstream",
    })
    void routineConfigWritesMayWriteTheRepositoryConfig(String line) {
        assertThat(GitConfigWrites.lift(argv(line))).contains(".git/config");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "git|config|core.fsmonitor|touch /tmp/pwned",
            "git|config|core.hooksPath|/tmp",
            "git|config|core.sshCommand|sh -c id",
            "git|config|core.pager|less; id",
            "git|config|core.editor|vim",
            "git|config|include.path|/tmp/evil",
            "git|config|includeIf.gitdir:/.path|/tmp/evil",
            "git|config|alias.st|!touch /tmp/pwned",
            "git|config|filter.lfs.clean|touch /tmp/pwned",
            "git|config|diff.external|touch",
            "git|config|diff.png.textconv|touch",
            "git|config|credential.helper|store",
            "git|config|remote.origin.uploadpack|touch",
            "git|config|url.ext::sh -c id.insteadOf|https://",
            "git|config|protocol.ext.allow|always",
            "git|config|extensions.worktreeConfig|true",
            "git|config|core.worktree|/",
            "git|config|--file|other|user.name|x",
            "git|config|--global|user.name|x",
            "git|config|-e",
            "git|config|--edit",
            "git|config|user.name",
            "git|-c|core.fsmonitor=x|config|user.name|x",
            "git|-C|sub|config|user.name|x",
            "git|remote|add|origin|ext::sh -c touch% /tmp/pwned",
            "git|remote|add|-f|origin|https://example.test/r.git",
            "git|remote|add|--mirror=fetch|origin|https://example.test/r.git",
            "git|commit|-m|x",
            "sh|-c|git config user.name x",
    })
    void anythingElseKeepsItReadOnly(String line) {
        assertThat(GitConfigWrites.lift(argv(line))).isEmpty();
    }
}
