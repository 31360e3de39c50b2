package dev.airlock.runtime.docker;

import dev.airlock.AirlockException;
import dev.airlock.client.ClientProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Raw HTTP upgrades ("hijacks") on the engine's socket. docker-java's hijack cannot half-close the stream,
 * so a command would never see the end of its stdin; with the connection in hand, {@code shutdownOutput} does
 * it. It reaches the engine docker-java reaches: the same {@code DOCKER_HOST} (a unix socket or tcp) and, when
 * {@code DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH} give docker-java a TLS context, TLS with that context,
 * the engine's certificate checked against the host name.
 */
final class EngineSocket {

    private final SocketAddress address;
    private final Optional<SSLContext> tls;
    private final String hostName;

    private EngineSocket(SocketAddress address, Optional<SSLContext> tls, String hostName) {
        this.address = address;
        this.tls = tls;
        this.hostName = hostName;
    }

    /** For the engine at {@code dockerHost}; {@code tls} is docker-java's context when TLS is configured. */
    static EngineSocket of(URI dockerHost, Optional<SSLContext> tls) {
        return switch (dockerHost.getScheme()) {
            case "unix" -> new EngineSocket(UnixDomainSocketAddress.of(dockerHost.getPath()), Optional.empty(), "docker");
            case "tcp", "https" -> new EngineSocket(
                    InetSocketAddress.createUnresolved(dockerHost.getHost(), dockerHost.getPort() > 0 ? dockerHost.getPort()
                            : tls.isPresent() ? 2376 : 2375), tls, dockerHost.getHost());
            default -> throw AirlockException.failure("unsupported DOCKER_HOST " + dockerHost,
                    "point DOCKER_HOST at the engine's unix socket (" + ClientProtocol.DEFAULT_ENGINE + ") or a tcp:// address");
        };
    }

    /** Whether streams go over TLS (for the doctor and tests). */
    boolean tls() {
        return tls.isPresent();
    }

    /** Sends the request and returns the raw stream after the engine's {@code 101 Switching Protocols}. */
    EngineStream upgrade(String method, String pathAndQuery, String jsonBody) throws IOException {
        EngineStream stream = open();
        try {
            byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + pathAndQuery + " HTTP/1.1\r\n"
                    + "Host: " + hostName + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Upgrade: tcp\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            writeFully(stream, ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            writeFully(stream, ByteBuffer.wrap(body));
            String status = readHead(stream);
            // engines answer 101 to an upgrade; very old ones answer 200 and stream anyway
            if (!status.startsWith("HTTP/1.1 101") && !status.startsWith("HTTP/1.1 200")) {
                throw new IOException("engine refused " + method + " " + pathAndQuery + ": " + status.lines().findFirst().orElse(status));
            }
            return stream;
        } catch (IOException | RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    private EngineStream open() throws IOException {
        if (address instanceof UnixDomainSocketAddress) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            return connect(channel, address);
        }
        InetSocketAddress unresolved = (InetSocketAddress) address;
        InetSocketAddress resolved = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        if (tls.isEmpty()) {
            return connect(SocketChannel.open(), resolved);
        }
        SSLSocket socket = (SSLSocket) tls.get().getSocketFactory().createSocket();
        try {
            socket.connect(resolved, 5_000);
            SSLParameters parameters = socket.getSSLParameters();
            // as docker does with DOCKER_TLS_VERIFY: the engine's certificate must name the host
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return Duplex.of(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static EngineStream connect(SocketChannel channel, SocketAddress to) throws IOException {
        try {
            channel.connect(to);
            return Duplex.of(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** What ends the sending side of a stream. */
    @FunctionalInterface
    private interface HalfClose {
        void shutdownOutput() throws IOException;
    }

    /**
     * A stream as two channels, its half-close and its close. A socket channel is both channels itself; a TLS
     * socket is read and written through {@link Channels#newChannel}, whose channels are interruptible, so an
     * interrupted reader closes the socket as it would a socket channel (half-close is TLS 1.3's close_notify).
     */
    private record Duplex(ReadableByteChannel in, WritableByteChannel out, HalfClose half, java.io.Closeable whole)
            implements EngineStream {

        static Duplex of(SocketChannel channel) {
            return new Duplex(channel, channel, channel::shutdownOutput, channel);
        }

        static Duplex of(SSLSocket socket) throws IOException {
            return new Duplex(Channels.newChannel(socket.getInputStream()), Channels.newChannel(socket.getOutputStream()),
                    socket::shutdownOutput, socket);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return in.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return out.write(src);
        }

        @Override
        public boolean isOpen() {
            return in.isOpen() && out.isOpen();
        }

        @Override
        public void close() throws IOException {
            whole.close();
        }

        @Override
        public void shutdownOutput() throws IOException {
            half.shutdownOutput();
        }
    }

    static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Reads the response head one byte at a time, so no byte of the stream after it is consumed. */
    private static String readHead(ReadableByteChannel channel) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("engine closed the connection: " + head.toString(StandardCharsets.US_ASCII));
            }
            byte b = one.get(0);
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 16384) {
                throw new IOException("engine response head too long");
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
