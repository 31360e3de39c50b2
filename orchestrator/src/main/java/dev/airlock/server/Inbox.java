package dev.airlock.server;

import java.util.ArrayDeque;

/**
 * Frames from a client waiting for their reader, bounded in bytes: whoever puts past the bound waits until
 * the reader takes (the connection's reader then stops reading the socket, and the client blocks in write).
 * The end marker always fits, so a client that goes away never waits.
 */
final class Inbox {

    static final byte[] END = new byte[0];

    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final long limit;
    private long bytes;

    Inbox(long limit) {
        this.limit = limit;
    }

    /** Adds a frame; waits while the inbox holds something and this frame would take it past its bound. */
    synchronized void put(byte[] frame) throws InterruptedException {
        while (bytes > 0 && bytes + frame.length > limit) {
            wait();
        }
        frames.add(frame);
        bytes += frame.length;
        notifyAll();
    }

    /** Marks the end (the client's stream ended, or the client went); never waits. */
    synchronized void end() {
        frames.add(END);
        notifyAll();
    }

    /** The next frame, {@link #END} (by identity or an empty frame) at the end. */
    synchronized byte[] take() throws InterruptedException {
        while (frames.isEmpty()) {
            wait();
        }
        byte[] frame = frames.poll();
        bytes -= frame.length;
        notifyAll();
        return frame;
    }

    /** What the inbox holds now, in bytes. */
    synchronized long bytes() {
        return bytes;
    }
}
