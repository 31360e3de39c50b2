package dev.airlock.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.guard.GitConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitIdentityTest {

    @TempDir
    Path home;
    @TempDir
    Path state;

    @Test
    void onlyNameAndEmailOfTheUsersConfigReachTheSandbox() throws Exception {
        Files.writeString(home.resolve(".gitconfig"), """
                [user]
                \tname = Ada Lovelace
                \temail = ada@example.test
                \tsigningkey = ABC
                [credential]
                \thelper = store
                [core]
                \tpager = touch /tmp/pwned
                [include]
                \tpath = ~/.gitconfig.local
                [url "https://token@example.test/"]
                \tinsteadOf = https://example.test/
                """);
        Path file = GitIdentity.file(new StateDir(state), Map.of("HOME", home.toString())).orElseThrow();
        String text = Files.readString(file);
        var entries = GitConfig.parse(text);
        assertThat(entries).extracting(GitConfig.Entry::key).containsExactly("include.path", "user.name", "user.email");
        assertThat(entries.getFirst().value()).contains("/etc/gitconfig");
        assertThat(text).contains("Ada Lovelace").contains("ada@example.test")
                .doesNotContain("store").doesNotContain("pwned").doesNotContain("token").doesNotContain("ABC");
        assertThat(Files.getPosixFilePermissions(file)).noneMatch(p -> p.name().contains("WRITE"));
    }

    @Test
    void theGlobalFileWinsOverTheXdgOneAndTheLastValueWins() throws Exception {
        Files.createDirectories(home.resolve(".config/git"));
        Files.writeString(home.resolve(".config/git/config"), "[user]\n\tname = Xdg\n\temail = xdg@example.test\n");
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = First\n[user]\n\tname = Last\n");
        var id = GitIdentity.of(Map.of("HOME", home.toString()));
        assertThat(id).isEqualTo(new GitIdentity(Optional.of("Last"), Optional.of("xdg@example.test")));
    }

    @Test
    void controlCharactersAndQuotesCannotBreakOutOfTheValue() throws Exception {
        var id = new GitIdentity(Optional.of("Eve\u001b[2J\" \\ \n[core]\n\tfsmonitor = x"), Optional.of("e@x.test"));
        var entries = GitConfig.parse(id.configText());
        assertThat(entries).extracting(GitConfig.Entry::key).containsExactly("include.path", "user.name", "user.email");
        assertThat(entries.get(1).value().orElseThrow()).doesNotContain("\u001b").doesNotContain("\n").startsWith("Eve[2J\" \\");
    }

    @Test
    void noConfigOrOneThatIsNotAFileGivesNoIdentity() throws Exception {
        assertThat(GitIdentity.file(new StateDir(state), Map.of("HOME", home.toString()))).isEmpty();
        Files.createDirectory(home.resolve(".gitconfig"));
        assertThat(GitIdentity.of(Map.of("HOME", home.toString())).isEmpty()).isTrue();
    }
}
