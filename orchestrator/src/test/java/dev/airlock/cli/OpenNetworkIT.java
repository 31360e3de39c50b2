package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Scripts;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open network reaches the internet, not the neighbours: a full-access sandbox tries a container the test
 * started on the engine's default bridge, and a listener of the test's own on every host address (the
 * bridges' gateways among them). Traffic goes only to what the test made; "the internet" is not tried (there
 * is none here): the sandbox is shown to have a default route, and nothing more.
 */
class OpenNetworkIT {

    private static final String TEST_LABEL = "dev.airlock.test=open-network";

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    @TempDir
    Path config;
    Cli cli;
    String target;
    String targetIp;
    ServerSocket listener;
    final AtomicInteger accepted = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "the open network's firewall needs root");
        cli = new Cli(state).env("XDG_CONFIG_HOME", config.toString());
        target = docker("run", "-d", "--rm", "--label", TEST_LABEL, "airlock/sandbox:latest", "python3", "-m", "http.server", "8080").trim();
        targetIp = docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", target).trim();
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress("0.0.0.0", 0));
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        // the target answers a plain container on the default bridge: a refusal below is the fence, not a dead target
        String control = docker("run", "--rm", "--label", TEST_LABEL, "airlock/sandbox:latest", "python3", "-c",
                "import time,urllib.request\nfor i in range(50):\n try: print(urllib.request.urlopen('http://" + targetIp
                        + ":8080/', timeout=2).status); break\n except OSError: time.sleep(0.2)");
        assertThat(control.trim()).isEqualTo("200");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (target != null) {
            docker("rm", "-f", target);
        }
    }

    /** Every IPv4 address of this host but loopback: each is where the test's listener listens. */
    private static List<String> hostAddresses() throws IOException {
        List<String> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    out.add(a.getHostAddress());
                }
            }
        }
        return out;
    }

    /** Connects to each address (and the sandbox's own gateway) and prints "address errno-name" per line. */
    private Cli.Result probe(String mode, List<String> addresses) {
        String script = """
                import errno, socket, struct
                gateway = None
                for line in open('/proc/net/route').read().splitlines()[1:]:
                    f = line.split()
                    if f[1] == '00000000':
                        gateway = socket.inet_ntoa(struct.pack('<I', int(f[2], 16)))
                print('gateway', gateway)
                targets = %s + ([gateway + ':%d'] if gateway else [])
                for t in targets:
                    host, port = t.rsplit(':', 1)
                    s = socket.socket()
                    s.settimeout(5)
                    try:
                        s.connect((host, int(port)))
                        print(t, 'CONNECTED')
                    except socket.timeout:
                        print(t, 'TIMEOUT')
                    except OSError as e:
                        print(t, errno.errorcode.get(e.errno, e.errno))
                    s.close()
                print('ipv6', open('/proc/sys/net/ipv6/conf/all/disable_ipv6').read().strip(), len(open('/proc/net/if_inet6').read()) if __import__('os').path.exists('/proc/net/if_inet6') else 0)
                """.formatted(toPython(addresses), listener.getLocalPort());
        var args = new ArrayList<>(List.of("run", "--no-retry", "--mode", mode, "--workspace", workspace.toString(), "--"));
        args.addAll(Scripts.opaque("cat > /tmp/p.py <<'EOF'\n" + script + "EOF\npython3 /tmp/p.py"));
        return cli.run(args.toArray(String[]::new));
    }

    private static String toPython(List<String> items) {
        return "[" + String.join(", ", items.stream().map(i -> "'" + i + "'").toList()) + "]";
    }

    @Test
    void aFullAccessSandboxReachesNeitherOtherContainersNorTheHost() throws Exception {
        List<String> targets = new ArrayList<>(List.of(targetIp + ":8080"));
        for (String address : hostAddresses()) {
            targets.add(address + ":" + listener.getLocalPort());
        }
        List<String> networksBefore = airlockNetworks();
        List<String> chainsBefore = airlockChains();

        var result = probe("full-access", targets);

        assertThat(result.exit()).as(result.toString()).isZero();
        List<String> lines = result.out().lines().toList();
        // a default route through its own bridge's gateway: public addresses would be reachable (none is tried)
        assertThat(lines.get(0)).matches("gateway \\d+\\.\\d+\\.\\d+\\.1");
        for (String line : lines.subList(1, lines.size() - 1)) {
            // ICMP "administratively prohibited" from Airlock's rules: fast and plain, not a timeout or a refusal
            assertThat(line).as(result.toString()).endsWith(" EHOSTUNREACH");
        }
        assertThat(lines).hasSize(targets.size() + 3);
        assertThat(lines.getLast()).isEqualTo("ipv6 1 0");
        assertThat(accepted.get()).isZero();
        // the sandbox's network and its rules went with it
        assertThat(airlockNetworks()).isEqualTo(networksBefore);
        assertThat(airlockChains()).isEqualTo(chainsBefore);
    }

    @Test
    void aRangeTheProfileNamesIsReachableAndNothingElse() throws Exception {
        String docker0 = Collections.list(NetworkInterface.getByName("docker0").getInetAddresses()).stream()
                .filter(a -> a instanceof Inet4Address).findFirst().orElseThrow().getHostAddress();
        Files.createDirectories(config.resolve("airlock/profiles"));
        Files.writeString(config.resolve("airlock/profiles/full-access.json"), "{\"privateRanges\": [\"" + docker0 + "/32\"]}");

        var result = probe("full-access", List.of(docker0 + ":" + listener.getLocalPort(), targetIp + ":8080"));

        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(1)).as(result.toString()).isEqualTo(docker0 + ":" + listener.getLocalPort() + " CONNECTED");
        // the container behind that address's bridge is not in the range, nor is the sandbox's own gateway
        assertThat(lines.get(2)).as(result.toString()).endsWith(" EHOSTUNREACH");
        assertThat(lines.get(3)).as(result.toString()).endsWith(" EHOSTUNREACH");
    }

    @Test
    void workspaceWriteStillHasNoNetworkAtAll() {
        var result = probe("default", List.of(targetIp + ":8080"));

        assertThat(result.out()).as(result.toString()).contains("gateway None");
    }

    @Test
    void gcRemovesTheNetworkAndRulesADeadAirlockLeft() throws Exception {
        // what a killed Airlock leaves: its labelled network (owner "1@0" is no live process) and that bridge's rules
        String suffix = Long.toHexString(System.nanoTime() & 0xffffffffffL | 0x1000000000L).substring(0, 10);
        String bridge = "alk-" + suffix;
        docker("network", "create", "--label", "dev.airlock=true", "--label", "dev.airlock.owner=1@0", "--label", TEST_LABEL,
                "--label", "dev.airlock.bridge=" + bridge, "-o", "com.docker.network.bridge.name=" + bridge, "airlock-" + suffix);
        run(List.of("iptables", "-N", "AIRLOCK-F-" + suffix));
        run(List.of("iptables", "-A", "AIRLOCK-FORWARD", "-i", bridge, "-j", "AIRLOCK-F-" + suffix));

        var gc = cli.run("gc");

        assertThat(gc.out()).as(gc.toString()).contains("removed network airlock-" + suffix + " and its firewall rules");
        assertThat(docker("network", "ls", "-q", "--filter", "name=airlock-" + suffix)).isBlank();
        assertThat(run(List.of("iptables", "-S"))).doesNotContain(suffix);
    }

    private static List<String> airlockNetworks() throws Exception {
        return docker("network", "ls", "-q", "--filter", "label=dev.airlock=true").lines().sorted().toList();
    }

    private static List<String> airlockChains() throws Exception {
        return run(List.of("iptables", "-S")).lines().filter(l -> l.matches("-N AIRLOCK-[FI]-.*")).sorted().toList();
    }

    static String docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command + ": " + out).isZero();
        return out;
    }
}
