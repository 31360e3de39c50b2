package dev.airlock.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The idle process never shares the commands' uid, so they can neither signal nor trace it. */
class IdleUserTest {

    @ParameterizedTest
    @CsvSource({"1000:1000, 65534:65534", "0:0, 65534:65534", "65534:65534, 65533:65533"})
    void theIdleUserIsNeverTheCommandUser(String command, String idle) {
        assertThat(DockerRuntime.idleUser(command)).isEqualTo(idle);
    }
}
