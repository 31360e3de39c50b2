package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Jar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a sandboxed command creates belong to the user who ran Airlock, whoever that is. */
class IdentityIT {

    static final String TEST_USER = "airlock-it";

    @TempDir
    Path workspace;
    @TempDir
    Path state;

    @Test
    void aFileWrittenInDefaultModeBelongsToTheInvokingUser() throws IOException {
        var result = new Cli(state).run("run", "--workspace", workspace.toString(), "--", "sh", "-c", "echo x > made.txt; id -u");

        UnixSystem me = new UnixSystem();
        assertThat(result.out().trim()).isEqualTo(Long.toString(me.getUid()));
        assertThat(Files.getAttribute(workspace.resolve("made.txt"), "unix:uid")).isEqualTo((int) me.getUid());
        assertThat(Files.getAttribute(workspace.resolve("made.txt"), "unix:gid")).isEqualTo((int) me.getGid());
    }

    @Test
    void underSudoTheRealUserOwnsTheFiles() throws IOException {
        assumeTrue(new UnixSystem().getUid() == 0, "sudo's SUDO_UID only counts when Airlock runs as root");
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));

        var result = new Cli(state).env("SUDO_UID", "4321").env("SUDO_GID", "4322")
                .run("run", "--workspace", workspace.toString(), "--", "sh", "-c", "touch made.txt; id -u; id -g");

        assertThat(result.out()).isEqualTo("4321\n4322\n");
        assertThat(Files.getAttribute(workspace.resolve("made.txt"), "unix:uid")).isEqualTo(4321);
    }

    @Test
    void aNonRootUserInTheDockerGroupOwnsWhatTheCommandCreates() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "creating the test user needs root");
        ensureTestUser();
        int uid = Integer.parseInt(output("id", "-u", TEST_USER).trim());
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        // like /tmp (sticky): the user's state folder below may not sit where anyone could rename it
        assertThat(new ProcessBuilder("chmod", "1777", state.toString()).start().waitFor()).isZero();

        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", TEST_USER, "--", "env", "AIRLOCK_STATE_DIR=" + state.resolve("u")));
        cmd.addAll(Jar.command("run", "--workspace", workspace.toString(), "--", "sh", "-c", "echo x > mine.txt; id -u"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.trim()).isEqualTo(Integer.toString(uid));
        assertThat(Files.getAttribute(workspace.resolve("mine.txt"), "unix:uid")).isEqualTo(uid);
    }

    private static void ensureTestUser() throws Exception {
        if (new ProcessBuilder("id", TEST_USER).start().waitFor() != 0) {
            assertThat(new ProcessBuilder("useradd", "--create-home", "--groups", "docker", TEST_USER)
                    .inheritIO().start().waitFor()).isZero();
        }
        new ProcessBuilder("usermod", "-aG", "docker", TEST_USER).inheritIO().start().waitFor();
    }

    private static String output(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
