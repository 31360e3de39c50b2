package dev.airlock.egress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The proxy's own HTTP answers: refusals and failures, in plain text a tool can show as it is. */
final class ProxyReplies {

    private ProxyReplies() {
    }

    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final long LINGER_BYTES = 1 << 20;

    static final String ESTABLISHED = "HTTP/1.1 200 Connection established\r\n\r\n";

    static String refusal(Destination d, Verdict.Denied denied) {
        return text(403, "Forbidden", "Airlock egress proxy: the connection to " + d.authority() + " was refused.\n"
                + "Reason: " + denied.reason() + "\n"
                + (denied.hint().isEmpty() ? "" : "To allow it: " + denied.hint() + "\n"));
    }

    static String text(int status, String phrase, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " " + phrase + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Connection: close\r\n"
                + "X-Airlock-Egress: " + (status == 403 ? "refused" : "error") + "\r\n"
                + "\r\n" + new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Writes a head and body (the body already in ISO-8859-1 form, one char per byte). */
    static void send(SocketChannel client, String response) throws IOException {
        Pump.writeFully(client, ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** The answer to an allowed destination that could not be reached: 403 for a forbidden address, else 502/504. */
    static String failure(Destination d, Upstreams.UpstreamException e) {
        return switch (e.failure) {
            case FORBIDDEN_ADDRESS -> refusal(d, new Verdict.Denied(e.getMessage(), ""));
            case TIMEOUT -> text(504, "Gateway Timeout", "Airlock egress proxy: " + e.getMessage() + "\n");
            case UNRESOLVED, REFUSED, UNREACHABLE -> text(502, "Bad Gateway", "Airlock egress proxy: " + e.getMessage() + "\n");
        };
    }

    /**
     * Ends a connection after an answer without cutting it off: a close with unread request bytes would reset the
     * connection, and the client could lose the answer. So: half-close, read what is left for a moment, close.
     */
    static void linger(SocketChannel client, ReadAhead in, Deadlines deadlines) {
        Deadlines.Deadline deadline = deadlines.closeAfter(client, LINGER);
        try {
            client.shutdownOutput();
            ByteBuffer sink = ByteBuffer.allocate(8192);
            long drained = 0;
            while (drained < LINGER_BYTES && in.read(sink.clear()) >= 0) {
                drained += sink.position();
            }
        } catch (IOException e) {
            // the client went away, or the deadline closed it: either way the answer was handed over
        } finally {
            deadline.cancel();
        }
    }

    static String badRequest(String why) {
        return text(400, "Bad Request", "Airlock egress proxy: bad request: " + why + "\n");
    }
}
