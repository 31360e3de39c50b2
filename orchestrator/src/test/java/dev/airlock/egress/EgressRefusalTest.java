package dev.airlock.egress;

import static dev.airlock.egress.ProxyHarness.pin;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressRefusalTest {

    private EchoServer echo;
    private HttpOrigin origin;
    private ProxyHarness harness;

    @BeforeEach
    void start() throws Exception {
        echo = new EchoServer();
        origin = new HttpOrigin(r -> "HTTP/1.1 302 Found\r\nLocation: http://denied.test:" + 8080
                + "/next\r\nContent-Length: 0\r\n\r\n", false);
        harness = new ProxyHarness(new AllowlistGate(List.of("echo.test:" + echo.port(), "web.test:" + origin.port())),
                List.of(pin("echo.test"), pin("web.test"), pin("denied.test")));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        echo.close();
        origin.close();
    }

    @ParameterizedTest(name = "CONNECT {0}")
    @ValueSource(strings = {"127.0.0.1", "127.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433", "0x7f000001",
            "017700000001", "0x7f.1", "127.000.000.001", "[::ffff:127.0.0.1]", "[0:0:0:0:0:ffff:7f00:1]", "[::1]",
            "[fe80::1%25eth0]", "169.254.169.254", "0xa9.0xfe.0xa9.0xfe"})
    void ipLiteralSpellingsAreRefused(String host) throws Exception {
        try (ProxyHarness.Opened t = harness.connectTunnel(host + ":" + echo.port())) {
            assertThat(t.head()).startsWith("HTTP/1.1 403 ");
            assertThat(new String(t.socket().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("IP address").contains("is not on the allowlist");
        }
        String plain = harness.exchange("GET http://" + host + ":" + echo.port() + "/ HTTP/1.1\r\n\r\n");
        assertThat(plain).startsWith("HTTP/1.1 403 ").contains("IP address");
        assertThat(echo.connections).hasValue(0);
    }

    @ParameterizedTest(name = "SOCKS5 to {0}")
    @ValueSource(strings = {"127.0.0.1", "2130706433", "１２７.０.０.１", "0x7f.1"})
    void socksIpLiteralsAreNotAllowedByRuleset(String host) throws Exception {
        assertThat(socks(1, host, echo.port())).isEqualTo(2);
        assertThat(echo.connections).hasValue(0);
    }

    @Test
    void aListedLoopbackAddressIsStillNotDialledUnlessMapped() throws Exception {
        try (ProxyHarness listed = new ProxyHarness(new AllowlistGate(List.of("127.0.0.1:" + echo.port())), List.of());
             ProxyHarness mapped = new ProxyHarness(new AllowlistGate(List.of("127.0.0.1:" + echo.port())),
                     List.of(new Pin("127.0.0.1", ProxyHarness.LOOPBACK)))) {
            String refused = listed.exchange("CONNECT 0x7f.1:" + echo.port() + " HTTP/1.1\r\n\r\n");
            assertThat(refused).startsWith("HTTP/1.1 403 ").contains("127.0.0.1 is a loopback address");
            assertThat(listed.event().allowed()).isFalse();
            assertThat(echo.connections).hasValue(0);

            try (ProxyHarness.Opened t = mapped.connectTunnel("0x7f.1:" + echo.port())) {
                assertThat(t.established()).isTrue();
            }
        }
    }

    @Test
    void aPrivateAnswerFromTheResolverIsRefusedAndNotLookedUpAgain() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        try (ProxyHarness h = new ProxyHarness(new AllowlistGate(List.of("rebind.test:" + echo.port())), List.of(),
                b -> b.resolver(host -> List.of(InetAddress.getByName(
                        lookups.incrementAndGet() == 1 ? "127.0.0.1" : "203.0.113.7"))))) {
            String answer = h.exchange("CONNECT rebind.test:" + echo.port() + " HTTP/1.1\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 403 ")
                    .contains("rebind.test resolves to 127.0.0.1").contains("a loopback address")
                    .contains("--resolve NAME=IP");
            EgressEvent event = h.event();
            assertThat(event.allowed()).isFalse();
            assertThat(event.address()).isEmpty();
        }
        assertThat(lookups).hasValue(1);
        assertThat(echo.connections).hasValue(0);
    }

    @Test
    void theProxyDialsExactlyTheAddressItCheckedAndNeverLooksUpTwice() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        List<InetSocketAddress> dialled = new CopyOnWriteArrayList<>();
        try (ProxyHarness h = new ProxyHarness(new AllowlistGate(List.of("rebind.test:" + echo.port())), List.of(),
                b -> b.resolver(host -> List.of(InetAddress.getByName(
                                lookups.incrementAndGet() == 1 ? "203.0.113.7" : "127.0.0.1")))
                        .dialer((address, timeout) -> {
                            // stands in for the public address: records it, connects to the loopback echo
                            dialled.add(address);
                            return SocketChannel.open(new InetSocketAddress(ProxyHarness.LOOPBACK, echo.port()));
                        }))) {
            try (ProxyHarness.Opened t = h.connectTunnel("rebind.test:" + echo.port())) {
                assertThat(t.established()).isTrue();
            }
            assertThat(h.event().address()).isEqualTo("203.0.113.7");
            assertThat(lookups).hasValue(1);
            assertThat(dialled).containsExactly(new InetSocketAddress("203.0.113.7", echo.port()));

            // the next connection gets the rebound answer, and is refused for it
            assertThat(h.exchange("CONNECT rebind.test:" + echo.port() + " HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 403 ");
            assertThat(dialled).hasSize(1);
        }
    }

    @Test
    void aMixedAnswerIsDialledOnlyAtItsPublicAddress() throws Exception {
        List<InetSocketAddress> dialled = new CopyOnWriteArrayList<>();
        try (ProxyHarness h = new ProxyHarness(new AllowlistGate(List.of("mixed.test:" + echo.port())), List.of(),
                b -> b.resolver(host -> List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("127.0.0.1"),
                                InetAddress.getByName("203.0.113.9")))
                        .dialer((address, timeout) -> {
                            dialled.add(address);
                            return SocketChannel.open(new InetSocketAddress(ProxyHarness.LOOPBACK, echo.port()));
                        }))) {
            try (ProxyHarness.Opened t = h.connectTunnel("mixed.test:" + echo.port())) {
                assertThat(t.established()).isTrue();
            }
        }
        assertThat(dialled).containsExactly(new InetSocketAddress("203.0.113.9", echo.port()));
    }

    @Test
    void followingARedirectToADeniedHostIsRefused() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.ALWAYS)
                .proxy(ProxySelector.of(harness.proxy.loopbackAddress().orElseThrow())).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://web.test:" + origin.port() + "/start")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(origin.requests.take().requestLine()).isEqualTo("GET /start HTTP/1.1");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.uri().getHost()).isEqualTo("denied.test");
        assertThat(response.body()).contains("denied.test:8080 is not on the allowlist");
    }

    @Test
    void aTlsServerNameMatchingTheConnectHostPasses() throws Exception {
        byte[] hello = TlsHello.withServerName("ECHO.Test");
        try (ProxyHarness.Opened t = harness.connectTunnel("echo.test:" + echo.port())) {
            t.socket().getOutputStream().write(hello);
            t.socket().shutdownOutput();

            assertThat(t.socket().getInputStream().readAllBytes()).isEqualTo(hello);
        }
        assertThat(harness.event().allowed()).isTrue();
    }

    @Test
    void aClientHelloInTwoRecordsAndTwoWritesIsReadWhole() throws Exception {
        byte[][] records = TlsHello.inTwoRecords(TlsHello.withServerName("echo.test"));
        try (ProxyHarness.Opened t = harness.connectTunnel("echo.test:" + echo.port())) {
            OutputStream out = t.socket().getOutputStream();
            out.write(records[0]);
            out.flush();
            Thread.sleep(50);
            out.write(records[1]);
            t.socket().shutdownOutput();

            assertThat(t.socket().getInputStream().readAllBytes()).hasSize(records[0].length + records[1].length);
        }
    }

    @ParameterizedTest(name = "server name {0}")
    @ValueSource(strings = {"evil.test", "echo.test.evil.test", "xecho.test", "127.0.0.1", ""})
    void aTlsServerNameOtherThanTheConnectHostIsCutOff(String serverName) throws Exception {
        byte[] hello = TlsHello.withServerName(serverName.isEmpty() ? null : serverName);
        try (ProxyHarness.Opened t = harness.connectTunnel("echo.test:" + echo.port())) {
            assertThat(t.established()).isTrue();
            t.socket().getOutputStream().write(hello);

            assertThat(readToEnd(t.socket().getInputStream())).isZero();
        }
        EgressEvent event = harness.event();
        assertThat(event.allowed()).isFalse();
        assertThat(event.rule()).contains(serverName.isEmpty() ? "without a server name" : "'" + serverName + "'")
                .contains("echo.test");
        assertThat(echo.bytes).hasValue(0);
    }

    @Test
    void theServerNameIsCheckedInSocksTunnelsToo() throws Exception {
        Proxy socks = new Proxy(Proxy.Type.SOCKS, harness.proxy.loopbackAddress().orElseThrow());
        try (Socket s = new Socket(socks)) {
            s.setSoTimeout(20_000);
            s.connect(InetSocketAddress.createUnresolved("echo.test", echo.port()));
            s.getOutputStream().write(TlsHello.withServerName("evil.test"));

            assertThat(readToEnd(s.getInputStream())).isZero();
        }
        assertThat(harness.event().rule()).contains("'evil.test'");
        assertThat(echo.bytes).hasValue(0);
    }

    @Test
    void aClientHelloWithoutServerNamePassesToAnIpLiteral() throws Exception {
        byte[] hello = TlsHello.withServerName(null);
        try (ProxyHarness h = new ProxyHarness(new AllowlistGate(List.of("127.0.0.1:" + echo.port())),
                List.of(new Pin("127.0.0.1", ProxyHarness.LOOPBACK)));
             ProxyHarness.Opened t = h.connectTunnel("127.0.0.1:" + echo.port())) {
            t.socket().getOutputStream().write(hello);
            t.socket().shutdownOutput();

            assertThat(t.socket().getInputStream().readAllBytes()).isEqualTo(hello);
        }
    }

    @Test
    void socksBindAndUdpAssociateAreNotSupported() throws Exception {
        assertThat(socks(2, "echo.test", echo.port())).as("BIND").isEqualTo(7);
        assertThat(socks(3, "echo.test", echo.port())).as("UDP ASSOCIATE").isEqualTo(7);
        assertThat(harness.event().rule()).isEqualTo("SOCKS5 BIND is not supported; only CONNECT is");
        assertThat(harness.event().rule()).isEqualTo("SOCKS5 UDP ASSOCIATE is not supported; only CONNECT is");
        assertThat(echo.connections).hasValue(0);
    }

    @Test
    void socksWithAuthenticationOnlyAndSocks4AreRejected() throws Exception {
        try (Socket s = harness.connect()) {
            s.getOutputStream().write(new byte[]{5, 1, 2});
            assertThat(s.getInputStream().readAllBytes()).containsExactly(5, 0xFF);
        }
        try (Socket s = harness.connect()) {
            s.getOutputStream().write(new byte[]{4, 1, 0, 80, 127, 0, 0, 1, 0});
            assertThat(s.getInputStream().readNBytes(2)).containsExactly(0, 0x5B);
        }
    }

    @Test
    void anUnresolvableOrClosedDestinationIsABadGateway() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, ProxyHarness.LOOPBACK)) {
            closedPort = s.getLocalPort();
        }
        try (ProxyHarness h = new ProxyHarness(new AllowlistGate(List.of("ghost.test", "closed.test:" + closedPort)),
                List.of(pin("closed.test")))) {
            assertThat(h.exchange("CONNECT ghost.test:443 HTTP/1.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 502 ").contains("cannot resolve ghost.test");
            assertThat(h.event().failure()).contains("cannot resolve ghost.test");
            assertThat(h.exchange("CONNECT closed.test:" + closedPort + " HTTP/1.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 502 ").contains("connection refused");
        }
    }

    /** A raw SOCKS5 request; returns the reply code. */
    private int socks(int command, String host, int port) throws IOException {
        try (Socket s = harness.connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(new byte[]{5, 1, 0});
            assertThat(in.readNBytes(2)).containsExactly(5, 0);
            if (host.matches("[0-9.]+") && host.chars().filter(c -> c == '.').count() == 3) {
                out.write(new byte[]{5, (byte) command, 0, 1});
                out.write(InetAddress.getByName(host).getAddress());
            } else {
                byte[] name = host.getBytes(StandardCharsets.UTF_8);
                out.write(new byte[]{5, (byte) command, 0, 3, (byte) name.length});
                out.write(name);
            }
            out.write(new byte[]{(byte) (port >> 8), (byte) port});
            byte[] reply = in.readNBytes(10);
            assertThat(reply).hasSize(10);
            return reply[1];
        }
    }

    private static int readToEnd(InputStream in) {
        try {
            return in.readAllBytes().length;
        } catch (IOException reset) {
            return 0;
        }
    }
}
