package dev.airlock.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The state folder has one rule ({@link PrivateDirs#stateDir}); the launcher, which must find the server's
 * socket and its logs before any Java runs, spells it in shell ({@code scripts/lib.sh}) and must agree. (The
 * native client handles only absolute values and hands anything else to the Java client.)
 */
class StateDirRuleTest {

    static final Path LIB = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/lib.sh");

    @ParameterizedTest(name = "AIRLOCK_STATE_DIR={0} XDG_STATE_HOME={1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {"/s/airlock | -", "- | /x/state", "- | -", "/s/airlock | /x/state",
            "'' | /x/state", "'  ' | -", "relative/state | -", "- | rel-xdg", "- | '  '"})
    void theLauncherFindsTheFolderJavaFinds(String explicit, String xdg) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", "/home/someone");
        if (explicit != null) {
            env.put("AIRLOCK_STATE_DIR", explicit);
        }
        if (xdg != null) {
            env.put("XDG_STATE_HOME", xdg);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". \"$1\" && airlock_state_dir", "rule", LIB.toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.redirectErrorStream(true).start();
        String shell = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(shell).isZero();

        assertThat(shell).isEqualTo(PrivateDirs.stateDir(env).toString());
    }
}
