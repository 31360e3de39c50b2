package dev.airlock.egress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A loopback TCP server that echoes every byte back and half-closes when its client does. */
final class EchoServer implements AutoCloseable {

    private final ServerSocket server;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicLong bytes = new AtomicLong();

    EchoServer() throws IOException {
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> echo(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void echo(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                bytes.addAndGet(n);
            }
            s.shutdownOutput();
        } catch (IOException e) {
            // the test decides what a closed echo means
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
