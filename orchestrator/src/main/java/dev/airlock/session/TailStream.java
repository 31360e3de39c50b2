package dev.airlock.session;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Passes bytes on and keeps the last few KiB, so a failure's message can be recognised after the command ends. */
final class TailStream extends FilterOutputStream {

    private final byte[] ring;
    private long written;

    TailStream(OutputStream out, int keep) {
        super(out);
        this.ring = new byte[keep];
    }

    @Override
    public synchronized void write(int b) throws IOException {
        ring[(int) (written++ % ring.length)] = (byte) b;
        out.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = Math.max(0, len - ring.length); i < len; i++) {
            ring[(int) ((written + i) % ring.length)] = b[off + i];
        }
        written += len;
        out.write(b, off, len);
    }

    synchronized String tail() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = ring[(int) ((written - size + i) % ring.length)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
