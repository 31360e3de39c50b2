package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * #17: engine settings follow the caller. Each engine has its own server (the clients pick it by the caller's
 * settings); a caller that reaches a server of another engine anyway is refused, with what to do, never run there.
 */
class EngineNotesTest {

    @ParameterizedTest(name = "caller {0}, server {1} -> refused {2}")
    @CsvSource(nullValues = "none", textBlock = """
            none,                                   none,                        false
            DOCKER_HOST=unix:///var/run/docker.sock, none,                        false
            DOCKER_CONTEXT=default,                 none,                        false
            DOCKER_HOST=tcp://10.0.0.5:2376,        none,                        true
            none,                                   DOCKER_HOST=tcp://10.0.0.5:2376, true
            DOCKER_HOST=tcp://10.0.0.5:2376,        DOCKER_HOST=tcp://10.0.0.5:2376, false
            DOCKER_CONTEXT=remote,                  none,                        true
            DOCKER_TLS_VERIFY=1,                    none,                        true
            DOCKER_CERT_PATH=/certs,                DOCKER_CERT_PATH=/other,     true
            DOCKER_CONFIG=/cfg,                     none,                        true
            """)
    void aCallerOfAnotherEngineIsRefusedWithWhatToDo(String caller, String server, boolean refused) {
        var why = EngineNotes.mismatch(env(caller), env(server), 4242);

        assertThat(why.isPresent()).isEqualTo(refused);
        why.ifPresent(w -> assertThat(w).contains("pid 4242").contains("nothing ran").contains("AIRLOCK_NO_SERVER=1")
                .contains(EngineNotes.host(env(caller))).contains(EngineNotes.host(env(server))));
    }

    private static Map<String, String> env(String setting) {
        Map<String, String> env = new HashMap<>();
        if (setting != null) {
            env.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        return env;
    }
}
