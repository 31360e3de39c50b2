package dev.airlock.runtime.docker;

import dev.airlock.AirlockException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Raw HTTP upgrades ("hijacks") on the engine's socket. docker-java's hijack cannot half-close the stream,
 * so a command would never see the end of its stdin; with the channel in hand, {@code shutdownOutput} does it.
 */
final class EngineSocket {

    private final SocketAddress address;

    private EngineSocket(SocketAddress address) {
        this.address = address;
    }

    static EngineSocket of(URI dockerHost) {
        return switch (dockerHost.getScheme()) {
            case "unix" -> new EngineSocket(UnixDomainSocketAddress.of(dockerHost.getPath()));
            case "tcp" -> new EngineSocket(new InetSocketAddress(dockerHost.getHost(), dockerHost.getPort()));
            default -> throw AirlockException.failure("unsupported DOCKER_HOST " + dockerHost,
                    "point DOCKER_HOST at the local engine's unix socket, e.g. unix:///var/run/docker.sock");
        };
    }

    /** Sends the request and returns the raw stream after the engine's {@code 101 Switching Protocols}. */
    SocketChannel upgrade(String method, String pathAndQuery, String jsonBody) throws IOException {
        SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        try {
            channel.connect(address);
            byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + pathAndQuery + " HTTP/1.1\r\n"
                    + "Host: docker\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Upgrade: tcp\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            writeFully(channel, ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            writeFully(channel, ByteBuffer.wrap(body));
            String status = readHead(channel);
            // engines answer 101 to an upgrade; very old ones answer 200 and stream anyway
            if (!status.startsWith("HTTP/1.1 101") && !status.startsWith("HTTP/1.1 200")) {
                throw new IOException("engine refused " + method + " " + pathAndQuery + ": " + status.lines().findFirst().orElse(status));
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Reads the response head one byte at a time, so no byte of the stream after it is consumed. */
    private static String readHead(SocketChannel channel) throws IOException {
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
