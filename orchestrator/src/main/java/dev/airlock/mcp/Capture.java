package dev.airlock.mcp;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps what a model needs of one output stream: its first {@code head} and last {@code tail} bytes, and how
 * many there were. Errors usually sit at the end and context at the start; the middle of a long log is left
 * out, and the text says so.
 */
final class Capture extends OutputStream {

    private final int headLimit;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final byte[] ring;
    private int ringStart;
    private int ringSize;
    private long total;

    Capture(int head, int tail) {
        this.headLimit = head;
        this.ring = new byte[tail];
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        total += len;
        int toHead = Math.min(len, headLimit - head.size());
        if (toHead > 0) {
            head.write(b, off, toHead);
            off += toHead;
            len -= toHead;
        }
        if (ring.length == 0) {
            return;
        }
        if (len >= ring.length) {
            System.arraycopy(b, off + len - ring.length, ring, 0, ring.length);
            ringStart = 0;
            ringSize = ring.length;
            return;
        }
        for (int i = 0; i < len; i++) {
            int at = (ringStart + ringSize) % ring.length;
            ring[at] = b[off + i];
            if (ringSize < ring.length) {
                ringSize++;
            } else {
                ringStart = (ringStart + 1) % ring.length;
            }
        }
    }

    /** Bytes written in all. */
    synchronized long total() {
        return total;
    }

    /** Whether the middle was left out. */
    synchronized boolean cut() {
        return total > head.size() + ringSize;
    }

    /** The text kept, with a line saying how much was left out of the middle. */
    synchronized String text() {
        byte[] tail = new byte[ringSize];
        for (int i = 0; i < ringSize; i++) {
            tail[i] = ring[(ringStart + i) % ring.length];
        }
        if (!cut()) {
            // decoded together, so a character split between the two parts stays whole
            var all = new ByteArrayOutputStream(head.size() + tail.length);
            all.writeBytes(head.toByteArray());
            all.writeBytes(tail);
            return all.toString(StandardCharsets.UTF_8);
        }
        String start = head.toString(StandardCharsets.UTF_8);
        String end = new String(tail, StandardCharsets.UTF_8);
        long skipped = total - head.size() - ringSize;
        return start + "\n[... " + skipped + " bytes not shown ...]\n" + end;
    }
}
