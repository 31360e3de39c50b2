package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InteractiveTest {

    @ParameterizedTest
    @ValueSource(strings = {"bash", "/bin/bash", "bash|-l", "bash|-i", "sh", "zsh", "python3", "python3|-i", "node", "psql"})
    void aShellOrReplWithoutAScriptWantsATerminal(String line) {
        assertThat(Interactive.wantsATerminal(Arrays.asList(line.split("\\|")))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash|-c|echo hi", "bash|build.sh", "python3|-m|pytest", "python3|hello.py", "node|-e|1",
            "node|index.js", "sh|-", "make", "npm|test", "grep|-r|x"})
    void aCommandWithAScriptDoesNot(String line) {
        assertThat(Interactive.wantsATerminal(Arrays.asList(line.split("\\|")))).isFalse();
    }
}
