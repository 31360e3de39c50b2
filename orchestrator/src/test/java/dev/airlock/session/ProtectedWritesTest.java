package dev.airlock.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtectedWritesTest {

    private static final List<String> PROTECTED = List.of(".git/hooks", ".git/config", ".airlock/", ".claude/", ".envrc");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "error: could not write config file .git/config: Device or resource busy|.git/config",
            "sh: 1: cannot create .git/hooks/pre-commit: Read-only file system|.git/hooks/pre-commit",
            "cp: cannot create regular file '/workspace/.claude/settings.json': Read-only file system|.claude/settings.json",
            "mv: cannot move '.envrc.tmp' to './.envrc': Device or resource busy|.envrc",
    })
    void aRefusedWriteToAProtectedPathIsExplained(String line, String path) {
        var notice = ProtectedWrites.notice("c-1", "some output\n" + line + "\n", PROTECTED);
        assertThat(notice).hasValueSatisfying(n -> assertThat(n).contains("c-1 could not write " + path)
                .contains("Airlock protects it").contains("on the host"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "touch: cannot touch '/etc/motd': Read-only file system",
            "sh: 1: cannot create notes.txt: Read-only file system",
            "fatal: .git/config not found",
    })
    void otherFailuresAreLeftAlone(String line) {
        assertThat(ProtectedWrites.notice("c-1", line, PROTECTED)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aConfigWriteSaysHowARoutineOneWorks() {
        var notice = ProtectedWrites.notice("c-2", "error: could not write config file .git/config: Device or resource busy", PROTECTED);
        assertThat(notice.orElseThrow()).contains("git remote add NAME URL").contains("run it on its own");
    }
}
