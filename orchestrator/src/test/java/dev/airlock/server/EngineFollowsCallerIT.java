package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.ServerClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #17: engine settings follow the caller. With a server already running on the default engine, a caller whose
 * DOCKER_HOST names another engine gets a server of that engine, and its command runs there, not on the first
 * server's; a DOCKER_HOST naming no engine says so and runs nothing. No second engine is ever started: the
 * "other engine" is the test's own socket forwarding to the local one, which counts its connections.
 */
class EngineFollowsCallerIT {

    static final Path ENGINE = Path.of("/var/run/docker.sock");

    @TempDir
    Path dir;

    @Test
    void aCallersDockerHostGetsAServerOfThatEngineAndAMissingOneRunsNothing() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectory(state);
        Path workspace = Files.createDirectory(dir.resolve("ws"));
        Path forwarded = dir.resolve("engine.sock");
        String otherHost = "unix://" + forwarded;
        Path otherPid = Server.pidFile(Server.socketFor(state, Map.of("DOCKER_HOST", otherHost)));
        Optional<ProcessHandle> other = Optional.empty();
        try (ServerClient airlock = new ServerClient(state, Map.of("AIRLOCK_POOL_SIZE", "0"));
                Forwarder forwarder = Forwarder.start(forwarded, ENGINE)) {
            var first = airlock.run("run", "--workspace", workspace.toString(), "--", "echo", "default engine");
            assertThat(first.exit()).as(first.toString()).isZero();
            long defaultServer = airlock.serverPid();
            assertThat(forwarder.connections()).isZero();

            var there = airlock.run(Map.of("DOCKER_HOST", otherHost), "run", "--workspace", workspace.toString(), "--", "echo", "other engine");

            assertThat(there.exit()).as(there.toString()).isZero();
            assertThat(there.out()).contains("other engine");
            assertThat(there.err()).doesNotContain("uses"); // no note that the command ran on another engine than named
            assertThat(Files.exists(otherPid)).as("a server of the caller's engine").isTrue();
            long otherServer = Long.parseLong(Files.readString(otherPid).strip());
            other = ProcessHandle.of(otherServer);
            assertThat(otherServer).isNotEqualTo(defaultServer);
            assertThat(airlock.serverPid()).isEqualTo(defaultServer);
            assertThat(ProcessHandle.of(defaultServer).map(ProcessHandle::isAlive)).contains(true);

            // with both servers up, the next command's engine traffic goes through the caller's engine alone
            int before = forwarder.connections();
            var again = airlock.run(Map.of("DOCKER_HOST", otherHost), "run", "--workspace", workspace.toString(), "--", "echo", "again");
            assertThat(again.exit()).as(again.toString()).isZero();
            assertThat(forwarder.connections()).as("connections to the caller's engine").isGreaterThan(before);
            int afterOther = forwarder.connections();
            var home = airlock.run("run", "--workspace", workspace.toString(), "--", "echo", "home");
            assertThat(home.exit()).as(home.toString()).isZero();
            assertThat(forwarder.connections()).as("the default engine's command does not go there").isEqualTo(afterOther);

            // an engine that does not exist: said plainly, exit 125, and nothing runs on the engine that does
            Path missing = dir.resolve("no-engine.sock");
            var nowhere = airlock.run(Map.of("DOCKER_HOST", "unix://" + missing), "run", "--workspace", workspace.toString(),
                    "--", "echo", "ran-somewhere");

            assertThat(nowhere.exit()).as(nowhere.toString()).isEqualTo(125);
            assertThat(nowhere.err()).contains("the Docker engine is not reachable at unix://" + missing)
                    .contains("DOCKER_HOST");
            assertThat(nowhere.out()).doesNotContain("ran-somewhere");
            assertThat(airlock.serverPid()).isEqualTo(defaultServer);
        } finally {
            other.ifPresent(ProcessHandle::destroy);
            if (other.isPresent()) {
                other.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * `docker context use` after a server started: Docker's CLI would now talk to the chosen context's engine, so
     * Airlock's next command does too, on a server of that context, and switching back returns to the first
     * server. The context is a real Docker context (its meta file where Docker keeps it) naming the forwarder.
     */
    @Test
    void aContextSwitchedToAfterTheServerStartedGetsAServerOfThatContext() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectory(state);
        Path workspace = Files.createDirectory(dir.resolve("ws"));
        Path config = Files.createDirectory(dir.resolve("docker-config"));
        Path forwarded = dir.resolve("engine.sock");
        Map<String, String> caller = Map.of("DOCKER_CONFIG", config.toString());
        try (ServerClient airlock = new ServerClient(state, Map.of("AIRLOCK_POOL_SIZE", "0"));
                Forwarder forwarder = Forwarder.start(forwarded, ENGINE)) {
            var first = airlock.run(caller, "run", "--workspace", workspace.toString(), "--", "echo", "before the switch");
            assertThat(first.exit()).as(first.toString()).isZero();
            long before = serverOf(state, caller);
            assertThat(forwarder.connections()).isZero();

            String name = "airlock-forward";
            Path meta = Files.createDirectories(config.resolve("contexts/meta").resolve(sha256(name)));
            Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":"
                    + "{\"Host\":\"unix://" + forwarded + "\",\"SkipTLSVerify\":false}}}");
            Files.writeString(config.resolve("config.json"), "{\n  \"currentContext\": \"" + name + "\"\n}\n");

            var switched = airlock.run(caller, "run", "--workspace", workspace.toString(), "--", "echo", "after the switch");

            assertThat(switched.exit()).as(switched.toString()).isZero();
            assertThat(switched.out()).contains("after the switch");
            assertThat(forwarder.connections()).as("the command went to the chosen context's engine").isPositive();
            long there = serverOf(state, Map.of("DOCKER_CONFIG", config.toString(), "DOCKER_CONTEXT", name));
            assertThat(there).isNotEqualTo(before);

            Files.writeString(config.resolve("config.json"), "{\"currentContext\": \"default\"}");
            int counted = forwarder.connections();
            var back = airlock.run(caller, "run", "--workspace", workspace.toString(), "--", "echo", "switched back");

            assertThat(back.exit()).as(back.toString()).isZero();
            assertThat(forwarder.connections()).as("back on the default context, nothing goes there").isEqualTo(counted);
            assertThat(serverOf(state, caller)).isEqualTo(before);
        } finally {
            stopAll(state);
        }
    }

    /** The pid of the state folder's server for these engine settings. */
    private static long serverOf(Path state, Map<String, String> settings) throws IOException {
        return Long.parseLong(Files.readString(Server.pidFile(Server.socketFor(state, settings))).strip());
    }

    private static void stopAll(Path state) throws Exception {
        try (var pids = Files.newDirectoryStream(state, "server*.pid")) {
            for (Path pid : pids) {
                var handle = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()));
                handle.ifPresent(ProcessHandle::destroy);
                if (handle.isPresent()) {
                    handle.get().onExit().get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A unix socket that forwards each connection to the engine's, counting them: "another engine" without one. */
    static final class Forwarder implements AutoCloseable {

        private final ServerSocketChannel listener;
        private final AtomicInteger connections = new AtomicInteger();

        private Forwarder(ServerSocketChannel listener) {
            this.listener = listener;
        }

        static Forwarder start(Path socket, Path engine) throws IOException {
            ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            Forwarder forwarder = new Forwarder(listener);
            Thread.ofVirtual().name("forwarder").start(() -> forwarder.accept(engine));
            return forwarder;
        }

        int connections() {
            return connections.get();
        }

        private void accept(Path engine) {
            while (listener.isOpen()) {
                try {
                    SocketChannel client = listener.accept();
                    connections.incrementAndGet();
                    SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(engine));
                    Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
                    Thread.ofVirtual().start(() -> {
                        pump(client, upstream);
                        try (client; upstream) {
                            back.join();
                        } catch (IOException | InterruptedException e) {
                            // done either way
                        }
                    });
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** Copies one direction until its end, then half-closes the other side (the engine's streams rely on it). */
        private static void pump(SocketChannel from, SocketChannel to) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // both are going
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
