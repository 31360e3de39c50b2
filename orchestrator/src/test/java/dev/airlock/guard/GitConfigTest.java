package dev.airlock.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GitConfigTest {

    /** Each text must be seen to run a program, however git's grammar lets it be spelled. */
    @ParameterizedTest
    @ValueSource(strings = {
            "[core]\n\tfsmonitor = touch /tmp/x\n",
            "[core] fsMonitor = x\n",
            "[CORE]\n\tFSMONITOR=x",
            "[Core]\n  FsMonitor = \"x\"\n",
            "[core]\n\tfsmonitor = tou\\\nch /tmp/x\n",
            "# comment\n; another\n[core] ; trailing\n\tbare = false\n\tfsmonitor = x # comment\n",
            "[core]\n\tfsmonitor = false\n\tfsmonitor = x\n",
            "[core]\n\thooksPath = .evil\n",
            "[core]\n\tsshCommand = sh -c x\n",
            "[core]\n\tpager = x\n",
            "[core]\n\teditor = x\n",
            "[core]\n\taskPass = x\n",
            "[core]\n\tgitProxy = x\n",
            "[core]\n\talternateRefsCommand = x\n",
            "[core]\n\tworktree = /tmp\n",
            "[sequence]\n\teditor = x\n",
            "[diff \"pdf\"]\n\ttextconv = x\n",
            "[diff]\n\texternal = x\n",
            "[diff \"x\"]\n\tcommand = x\n",
            "[filter \"lfs\"]\n\tclean = x\n",
            "[filter \"lfs\"]\n\tprocess = x\n",
            "[merge \"ours\"]\n\tdriver = x\n",
            "[difftool \"d\"]\n\tcmd = x\n",
            "[mergetool \"m\"]\n\tcmd = x\n",
            "[credential]\n\thelper = x\n",
            "[credential \"https://example.test\"]\n\thelper = x\n",
            "[include]\n\tpath = ../evil.cfg\n",
            "[includeIf \"gitdir:/\"]\n\tpath = ../evil.cfg\n",
            "[includeif \"onbranch:main\"]\n\tpath = x\n",
            "[alias]\n\tst = !sh -c x\n",
            "[alias]\n\tst = \"  !x\"\n",
            "[pager]\n\tlog = x\n",
            "[gpg]\n\tprogram = x\n",
            "[gpg \"ssh\"]\n\tprogram = x\n",
            "[uploadpack]\n\tpackObjectsHook = x\n",
            "[remote \"origin\"]\n\tuploadpack = x\n",
            "[remote \"origin\"]\n\treceivepack = x\n",
            "[remote \"origin\"]\n\turl = ext::sh -c x\n",
            "[url \"ext::sh -c x \"]\n\tinsteadOf = https://\n",
            "[protocol \"ext\"]\n\tallow = always\n",
            "[web]\n\tbrowser = x\n",
            "[browser \"b\"]\n\tcmd = x\n",
            "[man \"m\"]\n\tcmd = x\n",
            "[interactive]\n\tdiffFilter = x\n",
            "[imap]\n\ttunnel = x\n",
            "[sendemail]\n\tsmtpServer = /bin/x\n",
            "[submodule \"s\"]\n\tupdate = !x\n",
            "[trailer \"t\"]\n\tcommand = x\n",
            "[hook \"h\"]\n\tcommand = x\n",
            "[core.sub]\n\tfsmonitor = x\n",
            "[something]\n\tunknownCommand = x\n",
    })
    void programsAreFoundInEverySpelling(String text) throws Exception {
        List<GitConfig.Entry> entries = GitConfig.parse(text);

        assertThat(entries.stream().anyMatch(e -> RunsPrograms.why(e).isPresent())).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n",
            "[core]\n\tfsmonitor = false\n",
            "[core]\n\tfsmonitor = true\n",
            "[core]\n\tfsmonitor\n",
            "[remote \"origin\"]\n\turl = https://example.test/r.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n",
            "[branch \"main\"]\n\tremote = origin\n\tmerge = refs/heads/main\n",
            "[alias]\n\tst = status -sb\n",
            "[pager]\n\tlog = false\n",
            "[user]\n\tname = A # not a value\n",
            "[protocol \"ext\"]\n\tallow = never\n",
    })
    void ordinaryConfigRunsNothing(String text) throws Exception {
        assertThat(GitConfig.parse(text)).noneMatch(e -> RunsPrograms.why(e).isPresent());
    }

    @Test
    void valuesAreReadAsGitReadsThem() throws Exception {
        List<GitConfig.Entry> entries = GitConfig.parse("""
                [remote "a \\"b\\" \\\\c"] url = "x ; y" ; comment
                \tname = one \\
                two\\ttab
                [Section.Sub]
                \tKey
                """);

        assertThat(entries).containsExactly(
                new GitConfig.Entry("remote", Optional.of("a \"b\" \\c"), "url", Optional.of("x ; y")),
                new GitConfig.Entry("remote", Optional.of("a \"b\" \\c"), "name", Optional.of("one two\ttab")),
                new GitConfig.Entry("section", Optional.of("sub"), "key", Optional.empty()));
        assertThat(entries.getFirst().key()).isEqualTo("remote.a \"b\" \\c.url");
    }

    @Test
    void aKeySetTwiceIsSeenBothTimes() throws Exception {
        var entries = GitConfig.parse("[core]\n\tfsmonitor = x\n[core]\n\tfsmonitor = false\n");

        assertThat(entries).hasSize(2);
        assertThat(entries.stream().filter(e -> RunsPrograms.why(e).isPresent())).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "fsmonitor = x",
            "[core\n\tx = 1",
            "[remote origin]\n\turl = x",
            "[core]\n\tx = \"unterminated",
            "[core]\n\tx = bad \\q escape",
            "[core]\n\t=x",
    })
    void textGitWouldRefuseIsMalformed(String text) {
        assertThatThrownBy(() -> GitConfig.parse(text))
                .isInstanceOf(GitConfig.Malformed.class);
    }
}
