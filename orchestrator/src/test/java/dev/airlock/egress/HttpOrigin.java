package dev.airlock.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback HTTP/1.1 server for one request per connection: it records the request exactly as it arrived (head,
 * decoded body, and any bytes that came after the request), answers with what the test says, and closes.
 */
final class HttpOrigin implements AutoCloseable {

    /** A request as the origin received it; {@code after} holds bytes that followed the framed body. */
    record Request(String head, String body, String after) {
        String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }
    }

    private final ServerSocket server;
    private final Function<Request, String> respond;
    private final boolean waitForMore;
    final AtomicInteger connections = new AtomicInteger();
    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    /** @param waitForMore after the request, wait a moment for bytes a proxy should not have sent (smuggling) */
    HttpOrigin(Function<Request, String> respond, boolean waitForMore) throws IOException {
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        this.respond = respond;
        this.waitForMore = waitForMore;
        Thread.ofVirtual().start(this::accept);
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nConnection: keep-alive\r\n\r\n" + body;
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            String head = head(in);
            String lower = head.toLowerCase();
            String body = "";
            if (lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
                body = chunked(in);
            } else if (lower.contains("\r\ncontent-length: ")) {
                int at = lower.indexOf("\r\ncontent-length: ") + 18;
                int length = Integer.parseInt(head.substring(at, head.indexOf("\r\n", at)).strip());
                body = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
            }
            String after = "";
            if (waitForMore) {
                s.setSoTimeout(300);
                ByteArrayOutputStream extra = new ByteArrayOutputStream();
                try {
                    byte[] b = new byte[4096];
                    int n;
                    while ((n = in.read(b)) > 0) {
                        extra.write(b, 0, n);
                    }
                } catch (SocketTimeoutException e) {
                    // nothing more came: as it should be
                }
                after = extra.toString(StandardCharsets.ISO_8859_1);
            }
            Request request = new Request(head, body, after);
            requests.add(request);
            s.getOutputStream().write(respond.apply(request).getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            // an incomplete request (the proxy cut it off) gets no answer and is not recorded
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String chunked(InputStream in) throws IOException {
        StringBuilder body = new StringBuilder();
        while (true) {
            String line = line(in);
            int size = Integer.parseInt(line, 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return body.toString();
            }
            body.append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
            if (!line(in).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed in a line");
            }
            line.append((char) b);
        }
        if (line.isEmpty() || line.charAt(line.length() - 1) != '\r') {
            throw new IOException("bare LF");
        }
        return line.substring(0, line.length() - 1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
