package dev.airlock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The native client's hello is strict JSON whatever environment it was started with: an entry without '='
 * (execve allows it), control characters, quotes and bytes that are not UTF-8. A fake server reads the hello
 * off the socket and answers with an exit status; no engine.
 */
class NativeHelloTest {

    static final Path SOURCE = Path.of(System.getProperty("user.dir")).resolve("src/main/c/airlock-client.c");

    /** Starts its program with exactly the environment it is given in C, entries without '=' included. */
    static final String LAUNCHER = """
            #include <unistd.h>
            int main(int argc, char **argv) {
                char state[4200] = "AIRLOCK_STATE_DIR=";
                for (int i = 0; argv[2][i] && i < 4000; i++) state[18 + i] = argv[2][i], state[19 + i] = 0;
                char *envp[] = {"NO_EQUALS_SIGN", state, "QUOTED=a\\"b\\\\c\\001\\n", "LATIN1=caf\\351", "=starts-with-equals",
                                "HOME=/nonexistent", 0};
                char *args[] = {argv[1], "version", 0};
                execve(argv[1], args, envp);
                return 127;
            }
            """;

    @Test
    void theHelloIsStrictJsonWhateverTheEnvironmentHolds(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(SOURCE) && gcc(dir), "gcc builds the native client");
        Path state = dir.resolve("state");
        Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(state.resolve("server.sock")));
            Process client = new ProcessBuilder(dir.resolve("launch").toString(), dir.resolve("airlock-client").toString(), state.toString())
                    .redirectErrorStream(true).start();
            String hello;
            try (SocketChannel c = server.accept()) {
                hello = readHello(c);
                // the exit status ends the client
                c.write(ByteBuffer.allocate(9).put(ClientProtocol.EXIT).putInt(4).putInt(0).flip());
            }
            assertThat(client.waitFor(20, TimeUnit.SECONDS)).isTrue();

            ObjectMapper strict = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            JsonNode env = strict.readTree(hello).get("env");
            assertThat(env.has("NO_EQUALS_SIGN")).isFalse();
            assertThat(env.get("QUOTED").asText()).isEqualTo("a\"b\\c\u0001\n");
            // a byte that is not UTF-8 arrives as the replacement character, as Java's own client decodes it
            assertThat(env.get("LATIN1").asText()).isEqualTo("caf\uFFFD");
            assertThat(env.get("AIRLOCK_STATE_DIR").asText()).isEqualTo(state.toString());
        }
    }

    /**
     * #17: engine settings pick the server. The native client connects to the socket the Java side names for
     * the same settings (the server binds there, the Java client connects there), so both clients find the one
     * server of the caller's engine and never another engine's.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            none
            DOCKER_HOST=unix:///var/run/docker.sock
            DOCKER_HOST=
            DOCKER_CONTEXT=default
            DOCKER_HOST=unix:///tmp/other.sock
            DOCKER_HOST=tcp://10.0.0.5:2376 DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=/home/u/certs
            DOCKER_CONTEXT=remote
            DOCKER_CONFIG=/home/u/.docker-other
            DOCKER_HOST=unix:///var/run/docker.sock DOCKER_CONTEXT=remote
            """)
    void theNativeClientPicksTheServerOfTheCallersEngineAsJavaDoes(String settings, @TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(SOURCE) && gcc(dir), "gcc builds the native client");
        Map<String, String> engine = new HashMap<>();
        for (String setting : settings == null ? new String[0] : settings.split(" ")) {
            {
                engine.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        Path state = stateFolder(dir);
        String key = ClientProtocol.engineKey(engine);
        Path socket = ClientProtocol.socket(state, 0, key);
        assertThat(socket.getFileName().toString()).isEqualTo(key.isEmpty() ? "server.sock" : "server-" + key + ".sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            // no config file of this machine's names a context here
            Map<String, String> called = new HashMap<>(engine);
            called.put("HOME", dir.toString());
            Process client = nativeVersion(dir, state, called).start();
            // a client that looked elsewhere finds no server there and hands over to the Java client, here not set: exit 125
            server.configureBlocking(false);
            SocketChannel c = null;
            for (int i = 0; i < 200 && c == null && client.isAlive(); i++) {
                c = server.accept();
                Thread.sleep(50);
            }
            assertThat(c).as("the native client connected to " + socket + ": " + (client.isAlive() ? ""
                    : new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))).isNotNull();
            try (SocketChannel accepted = c) {
                accepted.configureBlocking(true);
                JsonNode env = new ObjectMapper().readTree(readHello(accepted)).get("env");
                engine.forEach((name, value) -> assertThat(env.get(name).asText()).isEqualTo(value));
                accepted.write(ByteBuffer.allocate(9).put(ClientProtocol.EXIT).putInt(4).putInt(0).flip());
            }
            assertThat(client.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(client.exitValue()).isZero();
        }
    }

    /**
     * #17: `docker context use` picks the engine as the environment does. With neither DOCKER_HOST nor
     * DOCKER_CONTEXT set, the context a Docker config file names stands for DOCKER_CONTEXT, on both clients, so a
     * switch after a server started goes to another server instead of the old engine.
     */
    @ParameterizedTest(name = "{0} in {1}, env {2}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            {"currentContext": "remote"}                     | home   | none                                 | DOCKER_CONTEXT=remote
            {"auths": {},\\n  "currentContext" :\\t"ci.box-1"} | home   | none                                 | DOCKER_CONTEXT=ci.box-1
            {"currentContext": "remote"}                     | config | none                                 | DOCKER_CONTEXT=remote
            {"currentContext": "default"}                    | home   | none                                 | none
            {"currentContext": "remote"}                     | home   | DOCKER_HOST=unix:///tmp/other.sock   | DOCKER_HOST=unix:///tmp/other.sock
            {"currentContext": "remote"}                     | home   | DOCKER_HOST=unix:///var/run/docker.sock | none
            {"currentContext": "remote"}                     | home   | DOCKER_CONTEXT=other                 | DOCKER_CONTEXT=other
            {"currentContext": "-bad"}                       | home   | none                                 | none
            {"currentContext": "a/b"}                        | home   | none                                 | none
            {"currentContext": 7}                            | home   | none                                 | none
            {"currentContext": ""}                           | home   | none                                 | none
            not json at all                                  | home   | none                                 | none
            none                                             | home   | none                                 | none
            """)
    void theContextDockerContextUseChoseNamesTheEngine(String config, String where, String settings, String same, @TempDir Path dir)
            throws Exception {
        assumeTrue(Files.exists(SOURCE) && gcc(dir), "gcc builds the native client");
        Map<String, String> env = settings(settings);
        Map<String, String> expected = settings(same);
        env.put("HOME", dir.resolve("home").toString());
        Path folder = dir.resolve("home/.docker");
        if (where.equals("config")) {
            folder = dir.resolve("docker-config");
            env.put("DOCKER_CONFIG", folder.toString());
            expected.put("DOCKER_CONFIG", folder.toString());
        }
        Files.createDirectories(folder);
        if (config != null) {
            Files.writeString(folder.resolve("config.json"), config.replace("\\n", "\n").replace("\\t", "\t"));
        }
        String key = ClientProtocol.engineKey(ClientProtocol.engineSettings(env));
        assertThat(key).isEqualTo(ClientProtocol.engineKey(expected));

        Path state = stateFolder(dir);
        Path socket = ClientProtocol.socket(state, 0, key);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Process client = nativeVersion(dir, state, env).start();
            assertThat(accept(server, client)).as("the native client connected to " + socket).isTrue();
            assertThat(client.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(client.exitValue()).isZero();
        }
    }

    @Test
    void aConfigFileTooLargeForTheNativeScanIsLeftToTheJavaClient(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(SOURCE) && gcc(dir), "gcc builds the native client");
        Files.writeString(dir.resolve("config.json"), "{\"currentContext\": \"remote\", \"pad\": \"" + "x".repeat(70_000) + "\"}");
        assertThat(ClientProtocol.engineSettings(Map.of("DOCKER_CONFIG", dir.toString())))
                .containsEntry("DOCKER_CONTEXT", "remote");
        Process client = nativeVersion(dir, dir.resolve("state"), Map.of("DOCKER_CONFIG", dir.toString())).start();
        assertThat(client.waitFor(20, TimeUnit.SECONDS)).isTrue();
        // the hand-over to the Java client, which is not set here
        assertThat(client.exitValue()).isEqualTo(125);

        Files.writeString(dir.resolve("config.json"), "{\"currentContext\": \"remote\", \"pad\": \"" + "x".repeat(ClientProtocol.CONFIG_LIMIT) + "\"}");
        assertThat(ClientProtocol.engineSettings(Map.of("DOCKER_CONFIG", dir.toString()))).doesNotContainKey("DOCKER_CONTEXT");
    }

    private static Map<String, String> settings(String settings) {
        Map<String, String> engine = new HashMap<>();
        for (String setting : settings == null ? new String[0] : settings.split(" ")) {
            engine.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        return engine;
    }

    /** A private state folder, as the clients require. */
    private static Path stateFolder(Path dir) throws IOException {
        return Files.createDirectory(dir.resolve("state"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** {@code airlock-client version} with no engine or Airlock settings of this process's but {@code env}'s. */
    private static ProcessBuilder nativeVersion(Path dir, Path state, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(dir.resolve("airlock-client").toString(), "version").redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("DOCKER_") || name.startsWith("AIRLOCK_"));
        builder.environment().putAll(env);
        builder.environment().put("AIRLOCK_STATE_DIR", state.toString());
        return builder;
    }

    private static boolean accept(ServerSocketChannel server, Process client) throws Exception {
        server.configureBlocking(false);
        SocketChannel c = null;
        for (int i = 0; i < 200 && c == null && client.isAlive(); i++) {
            c = server.accept();
            Thread.sleep(50);
        }
        if (c == null) {
            return false;
        }
        try (SocketChannel accepted = c) {
            accepted.configureBlocking(true);
            readHello(accepted);
            accepted.write(ByteBuffer.allocate(9).put(ClientProtocol.EXIT).putInt(4).putInt(0).flip());
        }
        return true;
    }

    @Test
    void theDefaultEngineKeepsTheSocketItAlwaysHad() {
        assertThat(ClientProtocol.engineKey(Map.of())).isEmpty();
        assertThat(ClientProtocol.engineKey(Map.of("DOCKER_HOST", "unix:///var/run/docker.sock", "DOCKER_CONTEXT", "default"))).isEmpty();
        assertThat(ClientProtocol.engineKey(Map.of("DOCKER_HOST", "unix:///a.sock")))
                .isNotEqualTo(ClientProtocol.engineKey(Map.of("DOCKER_HOST", "unix:///b.sock")))
                .matches("[0-9a-f]{8}");
    }

    private static String readHello(SocketChannel c) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5);
        while (header.hasRemaining() && c.read(header) >= 0) {
            // fill
        }
        header.flip();
        assertThat(header.get()).isEqualTo(ClientProtocol.HELLO);
        ByteBuffer body = ByteBuffer.allocate(header.getInt());
        while (body.hasRemaining() && c.read(body) >= 0) {
            // fill
        }
        // decoded strictly: bytes that are not UTF-8 in the frame are an error here, not a guess
        return StandardCharsets.UTF_8.newDecoder().decode(body.flip()).toString();
    }

    private static boolean gcc(Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("launch.c"), LAUNCHER);
        for (List<String> build : List.of(
                List.of("gcc", "-O2", "-o", dir.resolve("airlock-client").toString(), SOURCE.toString(), "-lpthread"),
                List.of("gcc", "-o", dir.resolve("launch").toString(), dir.resolve("launch.c").toString()))) {
            Process p;
            try {
                p = new ProcessBuilder(build).redirectErrorStream(true).start();
            } catch (IOException e) {
                return false; // no gcc
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError("gcc failed: " + out);
            }
        }
        return true;
    }
}
