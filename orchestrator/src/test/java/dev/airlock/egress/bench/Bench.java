package dev.airlock.egress.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Client side of the benchmark: connections direct or through the proxy, and the timed exchanges. */
final class Bench {

    private Bench() {
    }

    /** A connection to {@code port} on loopback, through the proxy's CONNECT when a proxy port is given. */
    static SocketChannel open(int port, Optional<Integer> proxy, String name) throws IOException {
        SocketChannel c = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                proxy.orElse(port)));
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (proxy.isPresent()) {
            c.write(ByteBuffer.wrap(("CONNECT " + name + ":" + port + " HTTP/1.1\r\nHost: " + name + ":" + port
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            String head = readHead(c);
            if (!head.startsWith("HTTP/1.1 200 ")) {
                c.close();
                throw new IOException("proxy refused: " + head.lines().findFirst().orElse(""));
            }
        }
        return c;
    }

    /** Reads a head byte by byte, so nothing after it is consumed. */
    static String readHead(SocketChannel c) throws IOException {
        StringBuilder head = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            if (c.read(one.clear()) < 0) {
                throw new EOFException("closed in the head");
            }
            head.append((char) one.get(0));
        }
        return head.toString();
    }

    /** Sends {@code bytes} to the sink and waits for its acknowledgement; returns bytes per second. */
    static double upload(int sinkPort, Optional<Integer> proxy, long bytes) throws IOException {
        try (SocketChannel c = open(sinkPort, proxy, "sink.test")) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            long start = System.nanoTime();
            long left = bytes;
            while (left > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                left -= c.write(buffer);
            }
            c.shutdownOutput();
            if (c.read(ByteBuffer.allocate(1)) != 1) {
                throw new EOFException("the sink did not acknowledge");
            }
            return bytes / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Reads everything the source sends; returns bytes per second. */
    static double download(int sourcePort, Optional<Integer> proxy, long bytes) throws IOException {
        try (SocketChannel c = open(sourcePort, proxy, "source.test")) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            long start = System.nanoTime();
            long got = 0;
            int n;
            while ((n = c.read(buffer.clear())) >= 0) {
                got += n;
            }
            if (got != bytes) {
                throw new EOFException("got " + got + " of " + bytes + " bytes");
            }
            return bytes / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Time from opening a connection to the first byte back from the echo server, in nanoseconds. */
    static long tunnelFirstByte(int echoPort, Optional<Integer> proxy) throws IOException {
        long start = System.nanoTime();
        try (SocketChannel c = open(echoPort, proxy, "echo.test")) {
            c.write(ByteBuffer.wrap(new byte[]{42}));
            if (c.read(ByteBuffer.allocate(1)) != 1) {
                throw new EOFException("no echo");
            }
            return System.nanoTime() - start;
        }
    }

    /** Time from opening a connection to the first byte of an HTTP answer, direct or as an absolute-form request. */
    static long httpFirstByte(int httpPort, Optional<Integer> proxy) throws IOException {
        long start = System.nanoTime();
        try (SocketChannel c = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                proxy.orElse(httpPort)))) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            String target = proxy.isPresent() ? "http://web.test:" + httpPort + "/" : "/";
            c.write(ByteBuffer.wrap(("GET " + target + " HTTP/1.1\r\nHost: web.test:" + httpPort + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            if (c.read(ByteBuffer.allocate(1)) != 1) {
                throw new EOFException("no answer");
            }
            return System.nanoTime() - start;
        }
    }
}
