package dev.airlock.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two launchers that find the jar stale at once build it once: the second waits for the first one's build and
 * uses its jar. Shell only, with Maven replaced by a stand-in that counts its builds.
 */
class LauncherLockTest {

    static final Path LIB = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/lib.sh");

    @Test
    void launchersThatFindTheJarStaleTogetherBuildItOnce(@TempDir Path checkout) throws Exception {
        Files.createDirectories(checkout.resolve("orchestrator/src/main"));
        Files.createDirectories(checkout.resolve("orchestrator/target"));
        Files.createDirectories(checkout.resolve("profiles"));
        Files.writeString(checkout.resolve("pom.xml"), "");
        Files.writeString(checkout.resolve("orchestrator/pom.xml"), "");
        Path jar = checkout.resolve("orchestrator/target/airlock.jar");
        Files.writeString(jar, "old");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path builds = checkout.resolve("builds");
        // the stand-in build takes a moment, as Maven does, and leaves a fresh jar
        String script = ". \"$1\"; airlock_maven() { sleep 1; echo built >> \"$AIRLOCK_ROOT/builds\"; echo new > \"$AIRLOCK_JAR\"; }; "
                + "airlock_ensure_jar";
        List<Process> launchers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", script, "launcher", LIB.toString()).redirectErrorStream(true);
            pb.environment().put("AIRLOCK_ROOT", checkout.toString());
            pb.environment().put("AIRLOCK_STATE_DIR", checkout.resolve("state").toString());
            pb.environment().put("XDG_CACHE_HOME", checkout.resolve("cache").toString());
            launchers.add(pb.start());
        }
        for (Process p : launchers) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }

        assertThat(Files.readAllLines(builds)).containsExactly("built");
        assertThat(Files.readString(jar).trim()).isEqualTo("new");
    }
}
