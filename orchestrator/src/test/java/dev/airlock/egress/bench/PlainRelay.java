package dev.airlock.egress.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The least a user-space relay can do: accept, connect to one fixed port, copy both ways with 1 MiB direct
 * buffers. No parsing, no checks. It shows what any relay costs on this machine, so the proxy's figures can be
 * read against it as well as against a direct connection.
 */
final class PlainRelay implements AutoCloseable {

    private final ServerSocketChannel server;

    PlainRelay(int target) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0), 4096);
        Thread.ofVirtual().start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel client = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (client; SocketChannel upstream = SocketChannel.open(new InetSocketAddress(loopback, target))) {
                            Thread down = Thread.ofVirtual().start(() -> copy(upstream, client));
                            copy(client, upstream);
                            down.join();
                        } catch (IOException | InterruptedException e) {
                            // the measurement that needed this connection reports it
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try {
            while (from.read(buffer.clear()) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away; closing both ends the other direction
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
