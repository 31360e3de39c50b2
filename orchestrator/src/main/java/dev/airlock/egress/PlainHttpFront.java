package dev.airlock.egress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One plain HTTP request, forwarded in origin form with {@code Connection: close}, without hop-by-hop and
 * {@code Proxy-*} headers, and with exactly the body its single, unambiguous framing says: the body is read by
 * the proxy and framed anew, so the server can only ever see one request, the one that was checked.
 *
 * @param destination where it goes
 * @param head        the client's head
 * @param path        the origin-form target ({@code /path?query})
 * @param body        how the body is framed
 */
record PlainHttpFront(Destination destination, HttpHead head, String path, Body body) implements Front {

    /** The request body: none ({@code length < 0}, not chunked), {@code length} bytes, or chunked. */
    record Body(long length, boolean chunked) {
        static final Body NONE = new Body(-1, false);
    }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "host", "content-length");
    private static final int MAX_TRAILERS = 64 * 1024;

    /** The framing of a request body, refusing every ambiguous form (RFC 9112 section 6). */
    static Body body(HttpHead head) throws ReadAhead.Malformed {
        List<String> te = head.values("Transfer-Encoding");
        List<String> cl = head.values("Content-Length");
        if (!te.isEmpty() && !cl.isEmpty()) {
            throw new ReadAhead.Malformed("both Content-Length and Transfer-Encoding");
        }
        if (te.size() > 1) {
            throw new ReadAhead.Malformed("more than one Transfer-Encoding");
        }
        if (te.size() == 1) {
            if (head.start().get(2).equals("HTTP/1.0")) {
                throw new ReadAhead.Malformed("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (!te.getFirst().equalsIgnoreCase("chunked")) {
                throw new ReadAhead.Malformed("unsupported Transfer-Encoding '" + te.getFirst() + "' (only chunked)");
            }
            return new Body(-1, true);
        }
        if (cl.size() > 1) {
            throw new ReadAhead.Malformed("more than one Content-Length");
        }
        if (cl.size() == 1) {
            String v = cl.getFirst();
            if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new ReadAhead.Malformed("malformed Content-Length '" + v + "'");
            }
            return new Body(Long.parseLong(v), false);
        }
        return Body.NONE;
    }

    @Override
    public String refusal(Verdict.Denied denied) {
        return ProxyReplies.refusal(destination, denied);
    }

    @Override
    public String failure(Upstreams.UpstreamException e) {
        return ProxyReplies.failure(destination, e);
    }

    @Override
    public void relay(Tunnel t) throws IOException, InterruptedException {
        Thread responses = Thread.ofVirtual().start(() -> relayResponse(t));
        try {
            send(t.upstream, requestHead(), t.up);
            if (body.chunked()) {
                rechunk(t);
            } else if (body.length() > 0) {
                Pump.copy(t.clientIn, t.upstream, t.buffers, body.length(), t.up);
            }
        } catch (ReadAhead.Malformed e) {
            boolean answer = t.claimClient();
            t.refused("bad request body: " + e.getMessage());
            t.upstream.close();
            if (answer) {
                ProxyReplies.send(t.client, ProxyReplies.badRequest(e.getMessage()));
            }
        } catch (IOException e) {
            t.abort("from the client: " + e.getMessage());
        }
        responses.join();
        if (t.client.isOpen()) {
            ProxyReplies.linger(t.client, t.clientIn, t.deadlines);
        }
    }

    String requestHead() {
        Set<String> drop = new HashSet<>(HOP_BY_HOP);
        drop.addAll(head.tokens("Connection"));
        StringBuilder out = new StringBuilder(512);
        out.append(head.start().get(0)).append(' ').append(path).append(" HTTP/1.1\r\n");
        String host = destination.host().indexOf(':') >= 0 ? "[" + destination.host() + "]" : destination.host();
        out.append("Host: ").append(destination.port() == 80 ? host : destination.authority()).append("\r\n");
        for (HttpHead.Header h : head.headers()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (!drop.contains(name) && !name.startsWith("proxy-")) {
                out.append(h.line());
            }
        }
        if (body.chunked()) {
            out.append("Transfer-Encoding: chunked\r\n");
        } else if (body.length() >= 0) {
            out.append("Content-Length: ").append(body.length()).append("\r\n");
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    /** Reads the chunked body and writes it again in canonical chunks, trailers dropped. */
    private void rechunk(Tunnel t) throws IOException {
        long trailers = 0;
        while (true) {
            long size = chunkSize(t.clientIn.line(4096));
            if (size == 0) {
                String line;
                while (!(line = t.clientIn.line(8192)).isEmpty()) {
                    HttpHead.field(line);
                    trailers += line.length();
                    if (trailers > MAX_TRAILERS) {
                        throw new ReadAhead.Malformed("trailers longer than " + MAX_TRAILERS + " bytes");
                    }
                }
                send(t.upstream, "0\r\n\r\n", t.up);
                return;
            }
            send(t.upstream, Long.toHexString(size) + "\r\n", t.up);
            Pump.copy(t.clientIn, t.upstream, t.buffers, size, t.up);
            byte[] end = t.clientIn.bytes(2);
            if (end[0] != '\r' || end[1] != '\n') {
                throw new ReadAhead.Malformed("chunk data not followed by CRLF");
            }
            send(t.upstream, "\r\n", t.up);
        }
    }

    static long chunkSize(String line) throws ReadAhead.Malformed {
        int semi = line.indexOf(';');
        String digits = semi < 0 ? line : line.substring(0, semi).stripTrailing();
        String extensions = semi < 0 ? "" : line.substring(semi);
        if (digits.isEmpty() || digits.length() > 15 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                || !digits.chars().allMatch(c -> c < 0x80)) {
            throw new ReadAhead.Malformed("malformed chunk size '" + printable(digits) + "'");
        }
        if (!extensions.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
            throw new ReadAhead.Malformed("control character in a chunk extension");
        }
        return Long.parseLong(digits, 16);
    }

    /** Reads the response head (and any 1xx heads before it), rewrites it for {@code Connection: close}, relays. */
    private void relayResponse(Tunnel t) {
        ReadAhead in = new ReadAhead(t.upstream);
        boolean claimed = false;
        try {
            while (true) {
                HttpHead head = HttpHead.response(in.head(HttpRequests.MAX_HEAD));
                if (!claimed) {
                    if (!t.claimClient()) {
                        return;
                    }
                    claimed = true;
                }
                send(t.client, responseHead(head), t.down);
                int status = Integer.parseInt(head.start().get(1));
                if (status >= 200 || status == 101) {
                    break;
                }
            }
            Pump.copy(in, t.client, t.buffers, -1, t.down);
            // the answer is complete: the client may stop sending a body nobody will read
            t.client.shutdownOutput();
        } catch (IOException e) {
            if (!claimed && t.claimClient()) {
                t.fail("from the destination: " + e.getMessage());
                try {
                    ProxyReplies.send(t.client, ProxyReplies.text(502, "Bad Gateway", "Airlock egress proxy: "
                            + destination.authority() + " gave no valid response: " + e.getMessage() + "\n"));
                } catch (IOException gone) {
                    // the client left too; the event records the failure
                }
            } else if (claimed) {
                t.abort("from the destination: " + e.getMessage());
            }
        }
    }

    static String responseHead(HttpHead head) {
        Set<String> drop = new HashSet<>(Set.of("connection", "keep-alive", "proxy-connection"));
        drop.addAll(head.tokens("Connection"));
        StringBuilder out = new StringBuilder(512).append(String.join(" ", head.start())).append("\r\n");
        for (HttpHead.Header h : head.headers()) {
            if (!drop.contains(h.name().toLowerCase(Locale.ROOT))) {
                out.append(h.line());
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    private static void send(WritableByteChannel to, String text, AtomicLong count) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        Pump.writeFully(to, ByteBuffer.wrap(bytes));
        count.addAndGet(bytes.length);
    }

    private static String printable(String s) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 40 ? p.substring(0, 40) + "..." : p;
    }
}
