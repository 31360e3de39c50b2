package dev.airlock.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A proxy on a loopback port with a test's gate and pins, raw-socket clients, and the events it reported. */
final class ProxyHarness implements AutoCloseable {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final BlockingQueue<EgressEvent> events = new LinkedBlockingQueue<>();
    final EgressProxy proxy;

    ProxyHarness(EgressGate gate, List<Pin> pins) {
        this(gate, pins, b -> b);
    }

    ProxyHarness(EgressGate gate, List<Pin> pins, UnaryOperator<EgressProxy.Builder> more) {
        proxy = more.apply(EgressProxy.builder(gate).loopbackPort(0).pins(pins).listener(events::add)
                .resolver(host -> {
                    throw new java.net.UnknownHostException(host + " (tests resolve nothing)");
                })).start();
    }

    static Pin pin(String host) {
        return new Pin(host, LOOPBACK);
    }

    Socket connect() throws IOException {
        Socket s = new Socket(LOOPBACK, proxy.loopbackAddress().orElseThrow().getPort());
        s.setSoTimeout(20_000);
        return s;
    }

    /** Sends raw bytes and reads everything the proxy sends back until it closes. */
    String exchange(String request) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Opens a CONNECT tunnel and returns the socket after the proxy's answer head, with that head. */
    Opened connectTunnel(String authority) throws IOException {
        Socket s = connect();
        s.getOutputStream().write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        return new Opened(s, head(s.getInputStream()));
    }

    record Opened(Socket socket, String head) implements AutoCloseable {
        boolean established() {
            return head.startsWith("HTTP/1.1 200 ");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The next event, waiting for its connection to end. */
    EgressEvent event() throws InterruptedException {
        EgressEvent e = events.poll(20, TimeUnit.SECONDS);
        assertThat(e).as("an egress event").isNotNull();
        return e;
    }

    @Override
    public void close() {
        proxy.close();
    }
}
