package dev.airlock.egress.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** The benchmark's servers on loopback: a sink, a source, an echo and a one-line HTTP server. */
final class LoopbackServers implements AutoCloseable {

    /** What a server does with one accepted connection. */
    private interface Handler {
        void serve(SocketChannel c) throws IOException;
    }

    private static final byte[] HTTP_OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII);

    final ServerSocketChannel sink;
    final ServerSocketChannel source;
    final ServerSocketChannel echo;
    final ServerSocketChannel http;
    private final long sourceBytes;

    LoopbackServers(long sourceBytes) throws IOException {
        this.sourceBytes = sourceBytes;
        sink = listen(LoopbackServers::sink);
        source = listen(this::source);
        echo = listen(LoopbackServers::echo);
        http = listen(LoopbackServers::http);
    }

    static int port(ServerSocketChannel s) throws IOException {
        return ((InetSocketAddress) s.getLocalAddress()).getPort();
    }

    /** Reads everything, then answers one byte: the sender's clock stops when all bytes arrived. */
    private static void sink(SocketChannel c) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        while (c.read(buffer.clear()) >= 0) {
            // discard
        }
        c.write(ByteBuffer.wrap(new byte[]{1}));
    }

    /** Sends {@code sourceBytes} bytes as fast as it can, then closes. */
    private void source(SocketChannel c) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        long left = sourceBytes;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            left -= c.write(buffer);
        }
    }

    private static void echo(SocketChannel c) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(16384);
        while (c.read(buffer.clear()) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                c.write(buffer);
            }
        }
    }

    private static void http(SocketChannel c) throws IOException {
        Bench.readHead(c);
        c.write(ByteBuffer.wrap(HTTP_OK));
    }

    private static ServerSocketChannel listen(Handler handler) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        Thread.ofVirtual().start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel c = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (c) {
                            handler.serve(c);
                        } catch (IOException e) {
                            // the client went away; the measurement that needed it reports the error
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    @Override
    public void close() throws IOException {
        sink.close();
        source.close();
        echo.close();
        http.close();
    }
}
