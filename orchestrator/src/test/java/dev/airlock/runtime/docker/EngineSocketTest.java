package dev.airlock.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hijacked stream reaches the engine docker-java reaches: a unix socket, tcp, or tcp with the TLS context
 * docker-java built from DOCKER_CERT_PATH (the engine's certificate checked against the host name); and on
 * each the command's stdin can end while its output still comes (half-close).
 */
class EngineSocketTest {

    /** A one-connection fake engine: answers the upgrade, reads the stdin to its end, then says how much came. */
    static void serveOnce(InputStream in, OutputStream out) throws IOException {
        var request = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
        int length = 0;
        for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
            if (line.startsWith("Content-Length: ")) {
                length = Integer.parseInt(line.substring("Content-Length: ".length()));
            }
        }
        request.skip(length);
        out.write("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        var stdin = new StringBuilder(); // ends only when the client half-closes
        for (int c = request.read(); c >= 0; c = request.read()) {
            stdin.append((char) c);
        }
        out.write(("got " + stdin).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String exchange(EngineSocket socket) throws IOException {
        try (EngineStream stream = socket.upgrade("POST", "/exec/x/start", "{}")) {
            EngineSocket.writeFully(stream, ByteBuffer.wrap("stdin".getBytes(StandardCharsets.UTF_8)));
            stream.shutdownOutput();
            return new String(Channels.newInputStream(stream).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aUnixSocketEngineGetsStdinToItsEnd(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("docker.sock");
        try (var server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            Thread engine = Thread.ofVirtual().start(() -> {
                try (var c = server.accept()) {
                    serveOnce(Channels.newInputStream(c), Channels.newOutputStream(c));
                } catch (IOException e) {
                    // the test fails on what the client saw
                }
            });
            assertThat(exchange(EngineSocket.of(URI.create("unix://" + path), Optional.empty()))).isEqualTo("got stdin");
            engine.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void aTcpEngineGetsStdinToItsEnd() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread engine = fake(server);
            assertThat(exchange(EngineSocket.of(URI.create("tcp://127.0.0.1:" + server.getLocalPort()), Optional.empty())))
                    .isEqualTo("got stdin");
            engine.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void aTlsEngineIsReachedWithDockerJavasContextAndItsCertificateMustNameTheHost(@TempDir Path dir) throws Exception {
        SSLContext engineContext = context(dir, "localhost", true);
        SSLContext clientContext = context(dir, "localhost", false);
        try (SSLServerSocket server = (SSLServerSocket) engineContext.getServerSocketFactory()
                .createServerSocket(0, 2, java.net.InetAddress.getLoopbackAddress())) {
            Thread engine = fake(server);
            int port = server.getLocalPort();
            assertThat(exchange(EngineSocket.of(URI.create("tcp://localhost:" + port), Optional.of(clientContext))))
                    .isEqualTo("got stdin");
            engine.join(TimeUnit.SECONDS.toMillis(10));

            // the same certificate reached under another name is refused, as docker refuses it
            fake(server);
            assertThatThrownBy(() -> exchange(EngineSocket.of(URI.create("tcp://127.0.0.1:" + port), Optional.of(clientContext))))
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }

    @Test
    void anEngineAddressOfAnotherKindIsRefusedWithWhatToSet() {
        assertThatThrownBy(() -> EngineSocket.of(URI.create("ssh://user@host"), Optional.empty()))
                .isInstanceOf(AirlockException.class).hasMessageContaining("DOCKER_HOST");
    }

    private static Thread fake(ServerSocket server) {
        return Thread.ofVirtual().start(() -> {
            try (Socket c = server.accept()) {
                serveOnce(c.getInputStream(), c.getOutputStream());
            } catch (IOException e) {
                // the test fails on what the client saw
            }
        });
    }

    /** A self-signed certificate for {@code name} (made once with keytool): the engine's key, or the client's trust. */
    private static SSLContext context(Path dir, String name, boolean engine) throws Exception {
        Path store = dir.resolve("engine.p12");
        if (!Files.exists(store)) {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "engine", "-keyalg", "EC",
                    "-dname", "CN=" + name, "-ext", "SAN=dns:" + name, "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit"))
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).isZero();
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        if (engine) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
            context.init(kmf.getKeyManagers(), null, null);
        } else {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keys);
            context.init(null, tmf.getTrustManagers(), null);
        }
        return context;
    }
}
