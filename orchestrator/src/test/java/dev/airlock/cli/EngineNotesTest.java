package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** #17: a DOCKER_HOST the server does not use is said, with how to get it used. */
class EngineNotesTest {

    @ParameterizedTest(name = "caller {0}, server {1} -> {2}")
    @CsvSource(nullValues = "none", textBlock = """
            none,                        none,                        false
            unix:///var/run/docker.sock, none,                        false
            tcp://10.0.0.5:2376,         none,                        true
            none,                        tcp://10.0.0.5:2376,         true
            tcp://10.0.0.5:2376,         tcp://10.0.0.5:2376,         false
            """)
    void aCallerEngineTheServerDoesNotUseIsSaid(String caller, String server, boolean said) {
        var note = EngineNotes.serverEngine(caller == null ? Map.of() : Map.of("DOCKER_HOST", caller),
                server == null ? Map.of() : Map.of("DOCKER_HOST", server), 4242);

        assertThat(note.isPresent()).isEqualTo(said);
        note.ifPresent(n -> assertThat(n).contains("pid 4242").contains("kill 4242").contains("AIRLOCK_NO_SERVER=1")
                .contains(EngineNotes.host(caller == null ? Map.of() : Map.of("DOCKER_HOST", caller))));
    }
}
