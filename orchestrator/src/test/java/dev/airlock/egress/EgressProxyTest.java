package dev.airlock.egress;

import static dev.airlock.egress.ProxyHarness.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.security.auth.module.UnixSystem;
import dev.airlock.AirlockException;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressProxyTest {

    private EchoServer echo;
    private HttpOrigin origin;
    private ProxyHarness harness;

    @BeforeEach
    void start() throws Exception {
        echo = new EchoServer();
        origin = new HttpOrigin(r -> HttpOrigin.ok("hello from " + r.requestLine()), false);
        harness = new ProxyHarness(new AllowlistGate(List.of("echo.test:" + echo.port(), "web.test:" + origin.port())),
                List.of(pin("echo.test"), pin("web.test")));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        echo.close();
        origin.close();
    }

    @Test
    void connectTunnelCarriesBytesBothWaysAndReportsThem() throws Exception {
        try (ProxyHarness.Opened t = harness.connectTunnel("echo.test:" + echo.port())) {
            assertThat(t.head()).isEqualTo("HTTP/1.1 200 Connection established\r\n\r\n");
            t.socket().getOutputStream().write("ping-pong".getBytes(StandardCharsets.US_ASCII));
            t.socket().shutdownOutput();

            assertThat(new String(t.socket().getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("ping-pong");
        }

        EgressEvent event = harness.event();
        assertThat(event.host()).isEqualTo("echo.test");
        assertThat(event.port()).isEqualTo(echo.port());
        assertThat(event.protocol()).isEqualTo(Protocol.HTTP_CONNECT);
        assertThat(event.allowed()).isTrue();
        assertThat(event.rule()).isEqualTo("allowlist echo.test:" + echo.port());
        assertThat(event.address()).isEqualTo("127.0.0.1");
        assertThat(event.failure()).isEmpty();
        assertThat(event.bytesUp()).isEqualTo(9);
        assertThat(event.bytesDown()).isEqualTo(9);
        assertThat(event.ended()).isAfterOrEqualTo(event.started());
    }

    @Test
    void plainHttpGoesOutInOriginFormWithoutHopByHopOrProxyHeaders() throws Exception {
        String response = harness.exchange("GET http://WEB.test.:" + origin.port() + "/path?q=1#frag HTTP/1.1\r\n"
                + "Host: somewhere.else\r\n"
                + "Proxy-Authorization: Basic c2VjcmV0\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "Connection: keep-alive, X-Hop\r\n"
                + "X-Hop: dropped\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "Upgrade: h2c\r\n"
                + "TE: trailers\r\n"
                + "X-Kept: yes\r\n"
                + "\r\n");

        HttpOrigin.Request seen = origin.requests.take();
        assertThat(seen.head()).isEqualTo("GET /path?q=1 HTTP/1.1\r\n"
                + "Host: web.test:" + origin.port() + "\r\n"
                + "X-Kept: yes\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("\r\nConnection: close\r\n").doesNotContain("keep-alive")
                .endsWith("hello from GET /path?q=1 HTTP/1.1");
        assertThat(harness.event().protocol()).isEqualTo(Protocol.HTTP);
    }

    @Test
    void aJavaHttpClientGetsThroughWithABody() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(harness.proxy.loopbackAddress().orElseThrow())).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://web.test:" + origin.port()
                + "/upload")).POST(HttpRequest.BodyPublishers.ofString("payload")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello from POST /upload HTTP/1.1");
        assertThat(origin.requests.take().body()).isEqualTo("payload");
    }

    @Test
    void socks5WithADomainNameReachesAnAllowedHost() throws Exception {
        Proxy socks = new Proxy(Proxy.Type.SOCKS, harness.proxy.loopbackAddress().orElseThrow());
        try (Socket s = new Socket(socks)) {
            s.setSoTimeout(20_000);
            s.connect(InetSocketAddress.createUnresolved("echo.test", echo.port()));
            s.getOutputStream().write("over socks".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();

            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("over socks");
        }
        EgressEvent event = harness.event();
        assertThat(event.protocol()).isEqualTo(Protocol.SOCKS5);
        assertThat(event.host()).isEqualTo("echo.test");
        assertThat(event.allowed()).isTrue();
    }

    @Test
    void aHostOffTheListGets403NamingTheHostAndHowToAllowIt() throws Exception {
        try (ProxyHarness.Opened t = harness.connectTunnel("elsewhere.test:443")) {
            assertThat(t.head()).startsWith("HTTP/1.1 403 Forbidden\r\n");
            String body = new String(t.socket().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(body).contains("elsewhere.test:443").contains("not on the allowlist")
                    .contains("--allow-domain elsewhere.test");
        }
        String plain = harness.exchange("GET http://elsewhere.test/ HTTP/1.1\r\nHost: elsewhere.test\r\n\r\n");
        assertThat(plain).startsWith("HTTP/1.1 403 Forbidden\r\n").contains("elsewhere.test:80 is not on the allowlist");

        EgressEvent event = harness.event();
        assertThat(event.allowed()).isFalse();
        assertThat(event.rule()).isEqualTo("elsewhere.test:443 is not on the allowlist");
        assertThat(echo.connections).hasValue(0);
    }

    @Test
    void socksToAHostOffTheListIsNotAllowedByRuleset() throws Exception {
        try (Socket s = harness.connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(new byte[]{5, 1, 0});
            assertThat(in.readNBytes(2)).containsExactly(5, 0);
            byte[] name = "elsewhere.test".getBytes(StandardCharsets.US_ASCII);
            out.write(new byte[]{5, 1, 0, 3, (byte) name.length});
            out.write(name);
            out.write(new byte[]{1, (byte) 187});

            byte[] reply = in.readNBytes(10);
            assertThat(reply[1]).as("REP: connection not allowed by ruleset").isEqualTo((byte) 2);
        }
        assertThat(harness.event().rule()).contains("elsewhere.test:443");
    }

    @Test
    void theSummaryAddsUpConnectionsPerDestination() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (ProxyHarness.Opened t = harness.connectTunnel("echo.test:" + echo.port())) {
                t.socket().getOutputStream().write(new byte[100]);
                t.socket().shutdownOutput();
                assertThat(t.socket().getInputStream().readAllBytes()).hasSize(100);
            }
            harness.event();
        }
        harness.exchange("CONNECT nope.test:443 HTTP/1.1\r\n\r\n");
        harness.event();

        assertThat(harness.proxy.summary()).containsExactly(
                new EgressSummary("echo.test", echo.port(), true, "allowlist echo.test:" + echo.port(), 3, 300, 300),
                new EgressSummary("nope.test", 443, false, "nope.test:443 is not on the allowlist", 1, 0, 0));
    }

    @Test
    void closingTheProxyEndsOpenTunnels() throws Exception {
        ProxyHarness.Opened t = harness.connectTunnel("echo.test:" + echo.port());
        assertThat(t.established()).isTrue();

        harness.proxy.close();

        assertThat(t.socket().getInputStream().read()).isEqualTo(-1);
        assertThat(harness.proxy.openChannels()).isZero();
        assertThat(harness.event().host()).isEqualTo("echo.test");
        t.close();
    }

    @Test
    void theUnixSocketCanBeHandedToTheSandboxUser(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("egress.sock");
        UnixSystem me = new UnixSystem();
        try (EgressProxy proxy = EgressProxy.builder(new AllowlistGate(List.of())).unixSocket(socket)
                .socketOwner((int) me.getUid(), (int) me.getGid())
                .socketPermissions(PosixFilePermissions.fromString("rw-rw----")).start()) {
            assertThat(proxy.unixSocket()).contains(socket);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
            assertThat(Files.getAttribute(socket, "unix:uid")).isEqualTo((int) me.getUid());
            assertThat(Files.getAttribute(socket, "unix:gid")).isEqualTo((int) me.getGid());
        }
    }

    @Test
    void aStaleSocketIsReplacedButAnOrdinaryFileIsNot(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("egress.sock");
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        EgressProxy.builder(new AllowlistGate(List.of())).unixSocket(socket).start().close();

        Path file = Files.writeString(dir.resolve("file.sock"), "keep me");
        assertThatThrownBy(() -> EgressProxy.builder(new AllowlistGate(List.of())).unixSocket(file).start())
                .isInstanceOf(AirlockException.class).hasMessageContaining("a file is in the way");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void theUnixSocketIsPrivateServesClientsAndGoesAwayOnClose(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("egress.sock");
        EgressProxy proxy = EgressProxy.builder(new AllowlistGate(List.of("echo.test:" + echo.port())))
                .unixSocket(socket).pins(List.of(pin("echo.test"))).start();
        try (proxy; SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap(("CONNECT echo.test:" + echo.port() + " HTTP/1.1\r\n\r\nthrough unix")
                    .getBytes(StandardCharsets.US_ASCII)));
            c.shutdownOutput();

            ByteBuffer in = ByteBuffer.allocate(1024);
            while (c.read(in) >= 0) {
                // read until the echo closes
            }
            String answer = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 200 Connection established\r\n\r\nthrough unix");
        }
        assertThat(socket).doesNotExist();
    }
}
