package dev.airlock.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Jar;
import dev.airlock.testing.LocalUser;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as people meet it: another local user than the checkout's owner runs it with state and caches of
 * their own; {@code java -jar} on an old Java says what it needs; a stale {@code server.pid} never gets another
 * program killed.
 */
class LauncherIT {

    static final Path ROOT = Path.of(System.getProperty("airlock.home"));
    static final Path LAUNCHER = ROOT.resolve("scripts/airlock");
    static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");

    @Test
    void anotherUserThanTheCheckoutsOwnerRunsACommandWithStateAndCachesOfTheirOwn() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "making a second local user needs root");
        Path home = LocalUser.sharedFolder("airlock-home-");
        Path workspace = LocalUser.sharedFolder("airlock-ws-");
        try (LocalUser other = LocalUser.create()) {
            assertThat(LocalUser.exec(List.of("usermod", "-aG", "docker", other.name())).exit()).isZero();
            other.own(home);
            other.own(workspace);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));

            Cli.Result run = LocalUser.exec(new ProcessBuilder(other.as("/usr/bin/env", "HOME=" + home, "PATH=/usr/bin:/bin",
                    LAUNCHER.toString(), "run", "--workspace", workspace.toString(), "--", "sh", "-c", "echo hi > made.txt; cat made.txt")));

            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).isEqualTo("hi\n");
            assertThat(Files.getAttribute(workspace.resolve("made.txt"), "unix:uid")).isEqualTo(other.uid());
            // what the launcher remembers and logs is in the user's own folders, made by and for them
            try (var caches = Files.list(home.resolve(".cache/airlock"))) {
                Path mine = caches.filter(p -> p.getFileName().toString().startsWith("launcher-")).findFirst().orElseThrow();
                assertThat(Files.getAttribute(mine.resolve("images.stamp"), "unix:uid")).isEqualTo(other.uid());
            }
            assertThat(Files.getAttribute(home.resolve(".local/state/airlock"), "unix:uid")).isEqualTo(other.uid());
        } finally {
            LocalUser.exec(List.of("rm", "-rf", home.toString(), workspace.toString()));
        }
    }

    @Test
    void anotherUserInstallsAirlockOnTheirPathTwiceAndRunsACommandThroughIt() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "making a second local user needs root");
        Path home = LocalUser.sharedFolder("airlock-home-");
        Path workspace = LocalUser.sharedFolder("airlock-ws-");
        try (LocalUser other = LocalUser.create()) {
            assertThat(LocalUser.exec(List.of("usermod", "-aG", "docker", other.name())).exit()).isZero();
            other.own(home);
            other.own(workspace);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            List<String> install = other.as("/usr/bin/env", "HOME=" + home, "PATH=/usr/bin:/bin", ROOT.resolve("scripts/install").toString());

            Cli.Result first = LocalUser.exec(new ProcessBuilder(install));
            assertThat(first.exit()).as(first.toString()).isZero();
            Path launcher = home.resolve(".local/bin/airlock");
            assertThat(first.err()).contains("installed " + launcher).contains("is not on your PATH");
            FileTime written = Files.getLastModifiedTime(launcher);
            FileTime jar = Files.getLastModifiedTime(home.resolve(".local/share/airlock/airlock.jar"));

            Cli.Result again = LocalUser.exec(new ProcessBuilder(install));
            assertThat(again.exit()).as(again.toString()).isZero();
            // idempotent: nothing rewritten when nothing changed
            assertThat(Files.getLastModifiedTime(launcher)).isEqualTo(written);
            assertThat(Files.getLastModifiedTime(home.resolve(".local/share/airlock/airlock.jar"))).isEqualTo(jar);
            for (Path mine : List.of(launcher, home.resolve(".local/share/airlock/airlock-client"))) {
                assertThat(Files.getAttribute(mine, "unix:uid")).as(mine.toString()).isEqualTo(other.uid());
            }

            Cli.Result run = LocalUser.exec(new ProcessBuilder(other.as("/usr/bin/env", "HOME=" + home, "PATH=/usr/bin:/bin",
                    launcher.toString(), "run", "--workspace", workspace.toString(), "--", "sh", "-c", "echo hi > made.txt; cat made.txt")));
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).isEqualTo("hi\n");
        } finally {
            stopServer(home.resolve(".local/state/airlock"));
            LocalUser.exec(List.of("rm", "-rf", home.toString(), workspace.toString()));
        }
    }

    @Test
    void doctorWithAWrongDockerHostAndNoServerSaysSoInsteadOfWaitingForTheServer(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "doctor");
        pb.environment().put("AIRLOCK_STATE_DIR", state.toString());
        pb.environment().put("DOCKER_HOST", "tcp://127.0.0.1:1"); // loopback, a port nothing listens on
        Cli.Result doctor = LocalUser.exec(pb);

        // the server refuses to start without its engine; doctor then runs here and reports just that
        assertThat(doctor.exit()).as(doctor.toString()).isEqualTo(125);
        assertThat(doctor.out()).contains("engine").contains("FAIL").contains("DOCKER_HOST=tcp://127.0.0.1:1 is set");
        assertThat(doctor.err()).doesNotContain("did not start");
    }

    @Test
    void javaSeventeenIsToldThatAirlockNeedsJava25() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_17), "a Java 17 is installed");
        Cli.Result old = LocalUser.exec(List.of(JAVA_17.toString(), "-jar", Jar.path().toString(), "--version"));

        assertThat(old.exit()).isEqualTo(125);
        assertThat(old.err()).contains("Airlock needs Java 25").contains("JAVA_HOME").doesNotContain("UnsupportedClassVersionError");

        Cli.Result current = LocalUser.exec(List.of(Jar.java().toString(), "-jar", Jar.path().toString(), "--version"));
        assertThat(current.exit()).as(current.toString()).isZero();
    }

    @Test
    void aStaleServerPidNamingAnotherProgramIsNotKilled(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Process bystander = new ProcessBuilder("sleep", "300").start();
        try {
            // what a crashed server leaves: its socket file and a pid the system has since given to another program
            try (var socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                socket.bind(UnixDomainSocketAddress.of(state.resolve("server.sock")));
            }
            Files.writeString(state.resolve("server.pid"), Long.toString(bystander.pid()));
            Files.setLastModifiedTime(state.resolve("server.pid"), FileTime.fromMillis(0)); // older than the jar

            ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "--version");
            pb.environment().put("AIRLOCK_STATE_DIR", state.toString());
            Cli.Result version = LocalUser.exec(pb);

            assertThat(version.exit()).as(version.toString()).isZero();
            assertThat(bystander.isAlive()).as("the program the stale pid names").isTrue();
        } finally {
            bystander.destroyForcibly();
            stopServer(state);
        }
    }

    /** The server the launcher's client may have started for the test's state folder. */
    private static void stopServer(Path state) throws Exception {
        Path pid = state.resolve("server.pid");
        if (!Files.exists(pid)) {
            return;
        }
        var handle = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()));
        if (handle.isPresent() && handle.get().info().commandLine().orElse("").contains(" server")) {
            handle.get().destroy();
            handle.get().onExit().get(20, TimeUnit.SECONDS);
        }
    }
}
