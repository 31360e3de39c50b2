package dev.airlock.egress;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * A buffered reader over one side of a connection, for the parts the proxy must parse (heads, SOCKS frames, chunk
 * lines). It is also a channel: reading from it first returns what it buffered, then reads straight through, so
 * nothing read ahead while parsing is lost when the relay takes over.
 */
final class ReadAhead implements ByteChannel {

    /** The head or line did not fit the limit, or broke the framing rules. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    private final ByteChannel channel;
    private ByteBuffer buffer;
    private long consumed;

    ReadAhead(ByteChannel channel) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(4096).flip();
    }

    /** Bytes handed out so far, by every read method. */
    long consumed() {
        return consumed;
    }

    int buffered() {
        return buffer.remaining();
    }

    int peek() throws IOException {
        need(1);
        return buffer.get(buffer.position()) & 0xff;
    }

    int u8() throws IOException {
        need(1);
        consumed++;
        return buffer.get() & 0xff;
    }

    int u16() throws IOException {
        return (u8() << 8) | u8();
    }

    byte[] bytes(int n) throws IOException {
        need(n);
        byte[] out = new byte[n];
        buffer.get(out);
        consumed += n;
        return out;
    }

    /** A head up to and including its empty line (CRLF CRLF), at most {@code max} bytes, as ISO-8859-1 text. */
    String head(int max) throws IOException {
        int scanned = 0;
        while (true) {
            int start = buffer.position();
            for (int i = Math.max(scanned, 3); i < buffer.remaining(); i++) {
                if (buffer.get(start + i) == '\n' && buffer.get(start + i - 1) == '\r'
                        && buffer.get(start + i - 2) == '\n' && buffer.get(start + i - 3) == '\r') {
                    return take(i + 1);
                }
            }
            scanned = buffer.remaining();
            if (scanned >= max) {
                throw new Malformed("head longer than " + max + " bytes");
            }
            need(scanned + 1, max);
        }
    }

    /** One line up to CRLF, without it, at most {@code max} bytes; a bare CR or LF is malformed. */
    String line(int max) throws IOException {
        int scanned = 0;
        while (true) {
            int start = buffer.position();
            for (int i = scanned; i < buffer.remaining(); i++) {
                byte b = buffer.get(start + i);
                if (b == '\n') {
                    if (i == 0 || buffer.get(start + i - 1) != '\r') {
                        throw new Malformed("bare LF in a line");
                    }
                    String line = take(i + 1);
                    return line.substring(0, line.length() - 2);
                }
                if (b == '\r' && i + 1 < buffer.remaining() && buffer.get(start + i + 1) != '\n') {
                    throw new Malformed("bare CR in a line");
                }
            }
            if (buffer.remaining() >= max) {
                throw new Malformed("line longer than " + max + " bytes");
            }
            // a CR at the end is judged again once the byte after it is here
            scanned = Math.max(0, buffer.remaining() - 1);
            need(buffer.remaining() + 1, max);
        }
    }

    /** Reads buffered bytes first, then from the channel. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n;
        if (buffer.hasRemaining()) {
            n = Math.min(dst.remaining(), buffer.remaining());
            dst.put(dst.position(), buffer, buffer.position(), n);
            dst.position(dst.position() + n);
            buffer.position(buffer.position() + n);
        } else {
            n = channel.read(dst);
        }
        if (n > 0) {
            consumed += n;
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private String take(int n) {
        String text = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), n,
                StandardCharsets.ISO_8859_1);
        buffer.position(buffer.position() + n);
        consumed += n;
        return text;
    }

    private void need(int n) throws IOException {
        need(n, Math.max(n, buffer.capacity()));
    }

    /** Reads until {@code n} bytes are buffered, growing the buffer up to {@code max}. */
    private void need(int n, int max) throws IOException {
        while (buffer.remaining() < n) {
            if (buffer.capacity() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.min(Math.max(buffer.capacity() * 2, n), Math.max(max, n)));
                bigger.put(buffer).flip();
                buffer = bigger;
            }
            buffer.compact();
            int read = channel.read(buffer);
            buffer.flip();
            if (read < 0) {
                throw new EOFException("connection closed after " + (consumed + buffer.remaining()) + " bytes");
            }
        }
    }
}
