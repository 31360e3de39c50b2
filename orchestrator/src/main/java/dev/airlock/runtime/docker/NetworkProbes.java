package dev.airlock.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MountType;
import dev.airlock.runtime.NetworkCheck;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code doctor}'s look at each kind of network: a short-lived container per kind, labelled as Airlock's (so a
 * sweep removes what a killed doctor left) and removed when the look ends, whatever its outcome. What runs in them
 * is the doctor's own script, bounded by its own timeouts; no traffic leaves the machine: the containers reach
 * loopback, a socket the doctor listens on, or a container of the doctor's on a network it made.
 */
final class NetworkProbes {

    static final String PROBE_LABEL = "dev.airlock.doctor";
    private static final String SOCKET_DIR = "/run/airlock-doctor";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bounds each container's script, and so the wait for it. */
    private static final int SCRIPT_SECONDS = 10;

    /** Exit codes of the scripts, each one failure. */
    private static final int OTHER_INTERFACE = 3, LOOPBACK = 4, UNREACHED = 5;

    /** Only loopback, and loopback works; {@code socket} (when set) is reached and answers. */
    private static final String ISOLATED = """
            import os, socket, sys
            extra = sorted(n for n in os.listdir('/sys/class/net') if n != 'lo')
            if extra: print('interfaces besides loopback: ' + ', '.join(extra)); sys.exit(3)
            try:
                s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)
                c = socket.create_connection(s.getsockname(), timeout=5); a, _ = s.accept(); a.sendall(b'x')
                assert c.recv(1) == b'x'
            except Exception as e: print('loopback does not work: %s' % e); sys.exit(4)
            if len(sys.argv) > 1:
                try:
                    u = socket.socket(socket.AF_UNIX); u.settimeout(5); u.connect(sys.argv[1])
                    if not u.recv(64).startswith(b'airlock-doctor'): raise OSError('no answer')
                except Exception as e: print('the proxy socket is not reached: %s' % e); sys.exit(5)
            """;

    /** The peer: answers one connection on port 7, or gives up. */
    private static final String PEER = """
            import socket
            s = socket.socket(); s.settimeout(%d); s.bind(('0.0.0.0', 7)); s.listen(1)
            c, _ = s.accept(); c.sendall(b'airlock-doctor')
            """.formatted(SCRIPT_SECONDS);

    private static final String CALLER = """
            import socket, sys
            try:
                c = socket.create_connection((sys.argv[1], 7), timeout=5)
                if not c.recv(64).startswith(b'airlock-doctor'): raise OSError('no answer')
            except Exception as e: print('%s' % e); sys.exit(5)
            """;

    private final DockerClient client;
    private final String owner;
    private final List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    NetworkProbes(DockerClient client, String owner) {
        this.client = client;
        this.owner = owner;
    }

    /**
     * Looks at one kind of network with {@code image}; for {@link NetworkCheck.Kind#OPEN}, on {@code network} when
     * given (a test's), else on a bridge network made for the look and removed after it.
     */
    NetworkCheck check(NetworkCheck.Kind kind, String image, Optional<String> network) {
        // Ctrl-C on an in-process doctor ends the JVM without the finally below: its hooks still run
        Thread cleanup = new Thread(() -> List.copyOf(started).forEach(this::removeContainer), "airlock-doctor-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return switch (kind) {
                case NONE -> isolated(kind, image, Optional.empty());
                case ALLOWLISTED -> allowlisted(image);
                case OPEN -> bridge(image, network);
            };
        } catch (DockerException | IOException e) {
            return new NetworkCheck(name(kind), false, "could not start a container to look: " + firstLine(e.getMessage()),
                    Optional.of("airlock doctor's engine and image checks say what is missing; docker info shows the engine's state"));
        } finally {
            started.forEach(this::removeContainer);
            started.clear();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private NetworkCheck isolated(NetworkCheck.Kind kind, String image, Optional<Path> socketDir) throws IOException {
        HostConfig host = hardened().withNetworkMode("none");
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", ISOLATED));
        socketDir.ifPresent(dir -> {
            host.withMounts(List.of(new com.github.dockerjava.api.model.Mount().withType(MountType.BIND)
                    .withSource(dir.toString()).withTarget(SOCKET_DIR).withReadOnly(true)));
            cmd.add(SOCKET_DIR + "/proxy.sock");
        });
        int status = runToEnd(image, host, kind, cmd);
        return switch (status) {
            case 0 -> new NetworkCheck(name(kind), true, kind == NetworkCheck.Kind.NONE
                    ? "a container on no network has loopback only, and loopback works"
                    : "a container of the allowlisted kind reaches the proxy's socket, and nothing but loopback besides", Optional.empty());
            case OTHER_INTERFACE -> new NetworkCheck(name(kind), false, "a container started with no network has other interfaces "
                    + "than loopback: sandboxes would not be cut off", Optional.of("check the engine's network plugins and its "
                    + "default network settings (docker info); a container run with --network none must have lo only"));
            case LOOPBACK -> new NetworkCheck(name(kind), false, "loopback does not work inside a container: tools that talk to "
                    + "themselves (and the egress relay) fail", Optional.of("check the engine's kernel (lo in a new network namespace) and its seccomp settings"));
            case UNREACHED -> new NetworkCheck(name(kind), false, "a container does not reach a unix socket mounted into it: the "
                    + "egress proxy would be out of reach", Optional.of("run the engine on this host (not remote or in a VM without "
                    + "shared folders), and let it mount " + socketDir.map(Path::toString).orElse("the state folder")));
            default -> new NetworkCheck(name(kind), false, "the look ended with status " + status,
                    Optional.of("run airlock doctor again; the server's log says more"));
        };
    }

    /** The kind's container on no network, with a socket the doctor answers on in place of the proxy's. */
    private NetworkCheck allowlisted(String image) throws IOException {
        Path dir = Files.createTempDirectory("airlock-doctor-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path socket = dir.resolve("proxy.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            Thread answer = Thread.ofVirtual().start(() -> {
                try (SocketChannel c = server.accept()) {
                    c.write(ByteBuffer.wrap("airlock-doctor\n".getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException closed) {
                    // the look is over
                }
            });
            try {
                return isolated(NetworkCheck.Kind.ALLOWLISTED, image, Optional.of(dir));
            } finally {
                server.close();
                answer.interrupt();
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    /** Two containers on one bridge network: the second must reach the first. */
    private NetworkCheck bridge(String image, Optional<String> given) {
        String network = given.orElseGet(() -> "airlock-doctor-" + HexFormat.of().formatHex(RANDOM.generateSeed(5)));
        if (given.isEmpty()) {
            client.createNetworkCmd().withName(network).withDriver("bridge").withCheckDuplicate(true).withLabels(labels("open")).exec();
        }
        try {
            HostConfig peerHost = hardened().withNetworkMode(network);
            String peer = create(image, peerHost, NetworkCheck.Kind.OPEN, List.of("python3", "-c", PEER));
            client.startContainerCmd(peer).exec();
            var settings = client.inspectContainerCmd(peer).exec().getNetworkSettings().getNetworks().get(network);
            String address = settings == null ? "" : settings.getIpAddress();
            if (address == null || address.isBlank()) {
                return new NetworkCheck("open", false, "a container on a bridge network got no address", Optional.of(
                        "check the engine's IP address pools (docker network inspect bridge) and restart the engine"));
            }
            int status = runToEnd(image, hardened().withNetworkMode(network), NetworkCheck.Kind.OPEN, List.of("python3", "-c", CALLER, address));
            return status == 0
                    ? new NetworkCheck("open", true, "two containers on a bridge network reach each other (full-access sandboxes "
                            + "get a fenced bridge of their own)", Optional.empty())
                    : new NetworkCheck("open", false, "a container on a bridge network does not reach another one on it (" + address
                            + "): bridge networking is broken, full-access sandboxes would have no network",
                            Optional.of("check that the engine's bridges are up (ip link), that the host forwards (sysctl "
                                    + "net.ipv4.ip_forward=1), and restart the engine"));
        } finally {
            started.forEach(this::removeContainer);
            started.clear();
            if (given.isEmpty()) {
                removeNetwork(network);
            }
        }
    }

    /** Starts a container and waits for its script's status (the script bounds itself; the wait bounds it again). */
    private int runToEnd(String image, HostConfig host, NetworkCheck.Kind kind, List<String> cmd) {
        String id = create(image, host, kind, cmd);
        client.startContainerCmd(id).exec();
        Integer status = client.waitContainerCmd(id).start().awaitStatusCode(SCRIPT_SECONDS * 3L, TimeUnit.SECONDS);
        return status == null ? -1 : status;
    }

    private String create(String image, HostConfig host, NetworkCheck.Kind kind, List<String> cmd) {
        String id = client.createContainerCmd(image).withUser("65534:65534").withEntrypoint(List.of()).withCmd(cmd)
                .withLabels(labels(name(kind))).withHostConfig(host).exec().getId();
        started.add(id);
        return id;
    }

    private static HostConfig hardened() {
        return HostConfig.newHostConfig().withReadonlyRootfs(true).withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges", "seccomp=" + Seccomp.PROFILE)).withPrivileged(false)
                .withPidsLimit(32L).withMemory(64L << 20).withMemorySwap(64L << 20);
    }

    private Map<String, String> labels(String kind) {
        return Map.of(DockerRuntime.LABEL, "true", DockerRuntime.OWNER_LABEL, owner, PROBE_LABEL, kind);
    }

    private void removeContainer(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException gone) {
            // already gone
        } catch (DockerException e) {
            // the sweep of containers whose owner is gone takes it later
        }
    }

    private void removeNetwork(String name) {
        try {
            client.removeNetworkCmd(name).exec();
        } catch (NotFoundException gone) {
            // already gone
        } catch (DockerException e) {
            // the sweep of networks whose owner is gone takes it later
        }
    }

    private static String name(NetworkCheck.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").trim();
    }
}
