package dev.airlock.egress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the server name (SNI) out of a TLS ClientHello without consuming it: the bytes read stay with the caller to
 * be forwarded. The hello may arrive in several records and several reads; it is read in full, up to 64 KiB.
 */
final class ClientHello {

    static final int HANDSHAKE_RECORD = 0x16;
    private static final int MAX = 64 * 1024;

    /** What was read ({@code bytes}, to forward) and the server name it carries, if any. */
    record Peek(byte[] bytes, Optional<String> serverName) {
    }

    private ClientHello() {
    }

    /** Reads records from {@code in} until the whole ClientHello is there; the first byte is known to be 0x16. */
    static Peek read(ReadAhead in) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(MAX);
        ByteBuffer handshake = ByteBuffer.allocate(MAX);
        int needed = -1;
        while (needed < 0 || handshake.position() < needed) {
            byte[] header = in.bytes(5);
            int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
            if (header[0] != HANDSHAKE_RECORD || header[1] != 3 || length == 0 || length > 16384 + 2048
                    || raw.remaining() < 5 + length || handshake.remaining() < length) {
                throw new ReadAhead.Malformed("not a TLS ClientHello");
            }
            byte[] body = in.bytes(length);
            raw.put(header).put(body);
            handshake.put(body);
            if (needed < 0 && handshake.position() >= 4) {
                if (handshake.get(0) != 1) {
                    throw new ReadAhead.Malformed("TLS handshake does not start with a ClientHello");
                }
                needed = 4 + (((handshake.get(1) & 0xff) << 16) | ((handshake.get(2) & 0xff) << 8)
                        | (handshake.get(3) & 0xff));
                if (needed > MAX) {
                    throw new ReadAhead.Malformed("ClientHello longer than " + MAX + " bytes");
                }
            }
        }
        byte[] bytes = new byte[raw.position()];
        raw.flip().get(bytes);
        return new Peek(bytes, serverName(handshake.flip().limit(needed).position(4).slice()));
    }

    /** The host_name of the server_name extension (RFC 6066), if the hello has one. */
    static Optional<String> serverName(ByteBuffer hello) throws ReadAhead.Malformed {
        try {
            skip(hello, 2 + 32);                 // legacy_version, random
            skip(hello, u8(hello));              // session id
            skip(hello, u16(hello));             // cipher suites
            skip(hello, u8(hello));              // compression methods
            if (!hello.hasRemaining()) {
                return Optional.empty();
            }
            ByteBuffer extensions = slice(hello, u16(hello));
            while (extensions.hasRemaining()) {
                int type = u16(extensions);
                ByteBuffer data = slice(extensions, u16(extensions));
                if (type == 0) {
                    ByteBuffer names = slice(data, u16(data));
                    while (names.hasRemaining()) {
                        int nameType = u8(names);
                        ByteBuffer name = slice(names, u16(names));
                        if (nameType == 0) {
                            byte[] b = new byte[name.remaining()];
                            name.get(b);
                            return Optional.of(new String(b, StandardCharsets.ISO_8859_1));
                        }
                    }
                    return Optional.empty();
                }
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new ReadAhead.Malformed("malformed TLS ClientHello");
        }
    }

    private static int u8(ByteBuffer b) {
        return b.get() & 0xff;
    }

    private static int u16(ByteBuffer b) {
        return ((b.get() & 0xff) << 8) | (b.get() & 0xff);
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    private static ByteBuffer slice(ByteBuffer b, int n) {
        ByteBuffer s = b.slice(b.position(), n);
        skip(b, n);
        return s;
    }
}
