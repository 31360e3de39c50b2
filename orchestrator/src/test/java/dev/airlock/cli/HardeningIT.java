package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.airlock.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every profile's hardening, attacked from inside the container. */
class HardeningIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(state);
    }

    /** The script hidden from the assessment, so the container alone stands in its way. */
    private Cli.Result sh(String script) {
        var args = new java.util.ArrayList<>(java.util.List.of("run", "--no-retry", "--workspace", workspace.toString(), "--"));
        args.addAll(dev.airlock.testing.Scripts.opaque(script));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void aSetuidBinaryDoesNotRaisePrivileges() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "planting a root-owned setuid binary needs root");
        Path suid = workspace.resolve("suid-id");
        Files.copy(Path.of("/usr/bin/id"), suid);
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(new ProcessBuilder("chmod", "4755", suid.toString()).start().waitFor()).isZero();

        // as an ordinary user inside (what sudo gives), the setuid bit must not make the program root
        var result = cli.env("SUDO_UID", "4321").env("SUDO_GID", "4321")
                .run("run", "--workspace", workspace.toString(), "--", "sh", "-c",
                        "ls -l suid-id | cut -c1-10; ./suid-id -u; ./suid-id");

        assertThat(result.out()).as(result.toString()).startsWith("-rwsr-xr-x\n4321\n").doesNotContain("euid=0");
    }

    @Test
    void theSandboxImageHasNoSetuidPrograms() {
        assertThat(sh("find / -xdev -perm /6000 -type f 2>/dev/null | wc -l").out().trim()).isEqualTo("0");
    }

    @Test
    void seccompStaysOnAndNamespacesCannotBeCreated() {
        var result = sh("grep '^Seccomp:' /proc/self/status; unshare --user --map-root-user true; echo unshare=$?; "
                + "unshare --mount true; echo mount=$?");

        assertThat(result.out()).contains("Seccomp:\t2", "unshare=1", "mount=1");
        assertThat(result.err()).contains("Operation not permitted");
    }

    @Test
    void rawSocketsAreRefused() {
        var result = sh("python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)'");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("PermissionError: [Errno 1] Operation not permitted");
    }

    @Test
    void tmpAndHomeAreTmpfsAndTheRootIsReadOnly() {
        var result = sh("stat -f -c %T /tmp \"$HOME\"; touch /etc/passwd /usr/bin/x /var/x 2>&1 | wc -l; "
                + "mkdir /opt/x 2>&1 | grep -c 'Read-only file system'");

        assertThat(result.out()).isEqualTo("tmpfs\ntmpfs\n3\n1\n");
    }

    @Test
    void noHostNamespaceIsShared() throws IOException {
        var result = sh("for n in pid ipc net uts mnt cgroup; do readlink /proc/self/ns/$n; done; ps -e --no-headers | wc -l; "
                + "cat /proc/1/comm");

        var lines = result.out().lines().toList();
        String[] names = {"pid", "ipc", "net", "uts", "mnt", "cgroup"};
        for (int i = 0; i < names.length; i++) {
            String host = Files.readSymbolicLink(Path.of("/proc/self/ns/" + names[i])).toString();
            assertThat(lines.get(i)).as(names[i] + " namespace").startsWith(names[i] + ":[").isNotEqualTo(host);
        }
        // only the container's own processes: its init, the idle keeper, and this command's shell and ps
        assertThat(Integer.parseInt(lines.get(6).trim())).isLessThan(8);
        assertThat(lines.get(7)).isEqualTo("docker-init");
    }

    @Test
    void neitherTheDockerSocketNorHostDevicesAreVisible() {
        var result = sh("ls /var/run/docker.sock /run/docker.sock 2>&1 | grep -c 'No such file'; "
                + "find / -xdev -type s 2>/dev/null | wc -l; ls /dev | tr '\\n' ' '");

        var lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("2");
        assertThat(lines.get(1)).isEqualTo("0");
        assertThat(lines.get(2)).doesNotContain("mem", "kmsg", "sda", "vda", "nvme");
    }
}
