package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import dev.airlock.testing.Origin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox on an image that has nothing but one static program of its own (no {@code cat}, {@code sh},
 * {@code env} or {@code socat}, no libc): Airlock's helper idles, launches, relays and kills, so the sandbox
 * starts, runs the image's program, reaches an allowed host through the egress proxy, and is removed when
 * the Airlock process dies.
 */
class AnyImageIT {

    static final String IMAGE = "airlock-test/images-bare:" + ProcessHandle.current().pid();
    /** The image's one program: reports what the image lacks, writes, exits, fetches through the relay, sleeps. */
    static final String PROBE = """
            #include <arpa/inet.h>
            #include <fcntl.h>
            #include <netinet/in.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                if (argc > 1 && !strcmp(argv[1], "check")) {
                    const char *tools[] = {"/bin/sh", "/bin/cat", "/usr/bin/env", "/usr/bin/socat", "/bin/busybox", "/lib64/ld-linux-x86-64.so.2"};
                    int found = 0;
                    for (int i = 0; i < 6; i++) if (access(tools[i], F_OK) == 0) { printf("has %s\\n", tools[i]); found = 1; }
                    if (!found) printf("no sh, cat, env, socat, busybox or libc here\\n");
                    return 0;
                }
                if (argc > 3 && !strcmp(argv[1], "write")) {
                    FILE *f = fopen(argv[2], "w");
                    if (!f) return 3;
                    fputs(argv[3], f);
                    return fclose(f) ? 4 : 0;
                }
                if (argc > 2 && !strcmp(argv[1], "exit")) return atoi(argv[2]);
                if (argc > 2 && !strcmp(argv[1], "fetch")) {
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(3128), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
                    if (connect(s, (struct sockaddr *) &a, sizeof a) < 0) { perror("connect 127.0.0.1:3128"); return 5; }
                    char req[512];
                    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n", argv[2]);
                    if (write(s, req, n) != n) return 6;
                    char buf[4096];
                    ssize_t r;
                    while ((r = read(s, buf, sizeof buf)) > 0) fwrite(buf, 1, r, stdout);
                    return 0;
                }
                if (argc > 1 && !strcmp(argv[1], "sleep")) { sleep(300); return 0; }
                return 2;
            }
            """;

    @TempDir
    static Path scratch;
    static Origin origin;
    static Path config;

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Cli cli;
    Process process;

    @BeforeAll
    static void buildBareImage() throws Exception {
        Path source = scratch.resolve("probe.c");
        Files.writeString(source, PROBE);
        Path root = Files.createDirectories(scratch.resolve("root/bin"));
        run("gcc", "-static", "-Os", "-s", "-o", root.resolve("probe").toString(), source.toString());
        // the image is this tree and nothing else: no shell, no libc, no passwd
        run("sh", "-c", "tar -C \"$1\" -c . | docker import -c 'ENV PATH=/bin' - \"$2\"", "import",
                scratch.resolve("root").toString(), IMAGE);
        origin = new Origin(scratch, "origin.test");
        // a user layer gives every profile used here the bare image
        config = Files.createDirectories(scratch.resolve("config/airlock/profiles")).getParent().getParent();
        for (String profile : new String[] {"workspace-write", "network-allowlisted"}) {
            Files.writeString(config.resolve("airlock/profiles/" + profile + ".json"), "{\"image\": \"" + IMAGE + "\"}");
        }
    }

    @AfterAll
    static void removeBareImage() throws Exception {
        if (origin != null) {
            origin.close();
        }
        new ProcessBuilder("docker", "rmi", "-f", IMAGE).redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
    }

    @BeforeEach
    void setUp() {
        cli = new Cli(state).env("XDG_CONFIG_HOME", config.toString());
    }

    @AfterEach
    void stopProcess() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSandboxOnAnImageWithNoShellCatOrSocatRunsTheImagesOwnProgram() throws IOException {
        var check = cli.run("run", "--workspace", workspace.toString(), "--profile", "workspace-write", "--", "probe", "check");
        var write = cli.run("run", "--workspace", workspace.toString(), "--profile", "workspace-write", "--",
                "probe", "write", "/workspace/out.txt", "written inside");
        var exit = cli.run("run", "--workspace", workspace.toString(), "--profile", "workspace-write", "--", "probe", "exit", "7");
        var missing = cli.run("run", "--workspace", workspace.toString(), "--profile", "workspace-write", "--", "no-such-program");

        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).isEqualTo("no sh, cat, env, socat, busybox or libc here\n");
        assertThat(write.exit()).as(write.toString()).isZero();
        assertThat(Files.readString(workspace.resolve("out.txt"), StandardCharsets.UTF_8)).isEqualTo("written inside");
        assertThat(exit.exit()).as(exit.toString()).isEqualTo(7);
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(127);
        assertThat(missing.err()).contains("no-such-program: No such file or directory");
        assertThat(Engine.containersOwnedBy(ProcessHandle.current())).isEmpty();
    }

    @Test
    void anAllowlistedCommandOnABareImageReachesAnAllowedHostThroughAirlocksOwnRelay() {
        String url = "http://origin.test:" + origin.httpPort() + "/bare";

        var result = cli.run("run", "--workspace", workspace.toString(), "--approver", "deny", "--profile", "network-allowlisted",
                "--resolve", "origin.test=127.0.0.1", "--allow-domain", "origin.test:" + origin.httpPort(),
                "--", "probe", "fetch", url);

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("HTTP/1.1 200").contains("origin says /bare");
        assertThat(origin.requests()).anyMatch(r -> r.startsWith("GET /bare"));
    }

    @Test
    void sshsProxyCommandTunnelsThroughTheRelayWithNoSocatInTheImage() {
        // the default image: what GIT_SSH_COMMAND names is the helper's CONNECT tunnel, here carrying plain HTTP
        String script = "printf 'GET /tunnel HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n' > /tmp/req; "
                + "p=${GIT_SSH_COMMAND#*ProxyCommand=\\'}; p=${p%\\'}; p=$(echo \"$p\" | sed 's/%h/origin.test/; s/%p/"
                + origin.httpPort() + "/'); $p < /tmp/req";

        var result = new Cli(state).run("run", "--workspace", workspace.toString(), "--approver", "deny", "--profile", "network-allowlisted",
                "--resolve", "origin.test=127.0.0.1", "--allow-domain", "origin.test:" + origin.httpPort(),
                "--", "sh", "-c", script);

        assertThat(result.out()).as(result.toString()).startsWith("HTTP/1.1 200").contains("origin says /tunnel");
        assertThat(origin.requests()).anyMatch(r -> r.startsWith("GET /tunnel"));
    }

    @Test
    void aKilledAirlockLeavesNoContainerOfABareImageBehind() throws Exception {
        process = Jar.start(state, Map.of("XDG_CONFIG_HOME", config.toString()),
                "run", "--workspace", workspace.toString(), "--profile", "workspace-write", "--", "probe", "sleep");
        long pid = process.pid();
        assertThat(Engine.eventually(() -> !Engine.containersOfPid(pid).isEmpty(), Duration.ofSeconds(30)))
                .as("airlock started its container").isTrue();
        assertThat(Engine.eventually(() -> commandRunning(pid), Duration.ofSeconds(15))).as("the probe runs").isTrue();

        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        // the helper idling in the container reads a stdin only the dead process held: it ends, the engine removes the container
        assertThat(Engine.eventually(() -> Engine.containersOfPid(pid).isEmpty(), Duration.ofSeconds(20)))
                .as("containers of the killed airlock are gone").isTrue();
    }

    private static boolean commandRunning(long pid) {
        return Engine.containersOfPid(pid).stream().anyMatch(s -> {
            try {
                Process top = new ProcessBuilder("docker", "top", s.id()).start();
                String out = new String(top.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return top.waitFor() == 0 && out.contains("probe sleep") && out.contains("airlock-helper idle");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + out).isZero();
    }
}
