package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.ExecSpec;
import dev.airlock.runtime.Network;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.runtime.Resources;
import dev.airlock.runtime.Sandbox;
import dev.airlock.runtime.Tmpfs;
import dev.airlock.testing.Cli;
import java.util.List;
import java.util.Map;
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

    /** io_uring_setup(8, &params) by number (425 on x86-64 and arm64), as an exploit would call it. */
    private static final String IO_URING = """
            import ctypes, errno
            libc = ctypes.CDLL(None, use_errno=True)
            params = ctypes.create_string_buffer(120)
            fd = libc.syscall(425, 8, params)
            print(fd, errno.errorcode.get(ctypes.get_errno(), ctypes.get_errno()))
            """;

    @Test
    void ioUringIsRefused() throws IOException {
        Files.writeString(workspace.resolve("ring.py"), IO_URING);

        var result = sh("python3 ring.py");

        // Airlock's own seccomp profile answers ENOSYS (Docker 20.10's default lets it through: a file descriptor)
        assertThat(result.out()).as(result.toString()).isEqualTo("-1 ENOSYS\n");
    }

    @Test
    void theKernelKeyringAndUserfaultfdStayRefused() {
        var result = sh("python3 -c 'import ctypes, errno\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                + "for n in (250, 248, 323):\n    print(libc.syscall(n, 0, 0, 0, 0, 0), errno.errorcode[ctypes.get_errno()])'");

        // keyctl, add_key, userfaultfd
        assertThat(result.out()).as(result.toString()).isEqualTo("-1 EPERM\n-1 EPERM\n-1 EPERM\n");
    }

    @Test
    void sharedMemoryFollowsTheWorkspaceAndRunsNothing() throws IOException {
        Files.writeString(workspace.resolve("shm.sh"), """
                grep ' /dev/shm ' /proc/mounts | grep -o -E '(size=[0-9a-z]+|noexec|nosuid)' | sort | tr '\\n' ' '
                echo
                cp /bin/true /dev/shm/t && /dev/shm/t; echo exec=$?
                head -c 2000000 /dev/zero > /dev/shm/big; echo big=$?; rm -f /dev/shm/big /dev/shm/t
                """);
        var writable = sh("sh shm.sh");
        var args = new java.util.ArrayList<>(List.of("run", "--no-retry", "--mode", "read-only", "--workspace", workspace.toString(), "--"));
        args.addAll(dev.airlock.testing.Scripts.opaque(
                "grep ' /dev/shm ' /proc/mounts | grep -o 'size=[0-9a-z]*'; head -c 2000000 /dev/zero > /dev/shm/big; echo big=$?"));
        var readOnly = cli.run(args.toArray(String[]::new));

        assertThat(writable.out()).as(writable.toString()).startsWith("noexec nosuid size=65536k \n")
                .contains("exec=126").contains("big=0");
        // room for a few semaphores, not a place to stage data
        assertThat(readOnly.out()).as(readOnly.toString()).startsWith("size=1024k\n").contains("big=1");
        assertThat(readOnly.err()).contains("No space left on device");
    }

    @Test
    void theIdleProcessCanBeNeitherKilledNorTracedAndTheSandboxServesTheNextCommand() {
        var runtime = Cli.runtime();
        var spec = new ContainerSpec("airlock/sandbox:latest", java.util.Optional.empty(), "4321:4321", "/tmp", List.of(),
                List.of(new Tmpfs("/tmp", 64L << 20, 0, 0, "1777")), Map.of("PATH", "/usr/bin:/bin"), Network.NONE, List.of(),
                new Resources(1, 256L << 20, 64), Map.of("dev.airlock.test", "hardening-idle"), List.of("cat"));
        Sandbox sandbox = runtime.start(spec);
        try {
            String idleUid = exec(runtime, sandbox, "stat -c %u /proc/1").trim();
            assumeTrue(!idleUid.equals("4321"), "the idle process runs as the command's user here (w/warm gives it its own)");
            String attack = """
                    idle=$(for p in /proc/[0-9]*; do [ "$(cat $p/comm 2>/dev/null)" = cat ] && echo ${p#/proc/}; done | head -n 1)
                    kill -9 1 2>/dev/null; echo init-kill=$?
                    kill -STOP "$idle" 2>/dev/null; echo stop=$?
                    kill -9 "$idle" 2>/dev/null; echo kill=$?
                    python3 -c 'import ctypes, errno, sys
                    libc = ctypes.CDLL(None, use_errno=True)
                    for pid in (1, int(sys.argv[1])):
                        print("ptrace", libc.ptrace(16, pid, 0, 0), errno.errorcode[ctypes.get_errno()])' "$idle"
                    """;
            String out = exec(runtime, sandbox, "echo " + java.util.Base64.getEncoder().encodeToString(
                    attack.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + " | base64 -d | sh");

            assertThat(out).contains("init-kill=1", "stop=1", "kill=1").contains("ptrace -1 EPERM\nptrace -1 EPERM\n");
            assertThat(exec(runtime, sandbox, "echo alive; cat /proc/1/status | grep ^State")).startsWith("alive\n")
                    .doesNotContain("stopped");
        } finally {
            runtime.remove(sandbox);
        }
    }

    private static String exec(dev.airlock.runtime.SandboxRuntime runtime, Sandbox sandbox, String script) {
        var out = new java.io.ByteArrayOutputStream();
        var outcome = runtime.exec(sandbox, new ExecSpec(List.of("sh", "-c", script), Map.of(), java.time.Duration.ofSeconds(30), 1 << 20),
                new ProcessIO(out, java.io.OutputStream.nullOutputStream(), java.util.Optional.empty()));
        assertThat(outcome.exitCode()).as(out.toString()).isZero();
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
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
