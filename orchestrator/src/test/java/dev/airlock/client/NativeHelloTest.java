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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
