package dev.airlock.egress;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers for the relay, kept for reuse. A stream starts with a small buffer, so a thousand idle tunnels
 * cost little, and moves to a large one once a read fills the small one (bulk transfer).
 */
final class Buffers {

    static final int SMALL = 16 * 1024;
    static final int LARGE = 1024 * 1024;
    private static final int KEEP_SMALL = 4096;
    private static final int KEEP_LARGE = 16;

    private final ConcurrentLinkedDeque<ByteBuffer> small = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<ByteBuffer> large = new ConcurrentLinkedDeque<>();
    private final AtomicInteger smallKept = new AtomicInteger();
    private final AtomicInteger largeKept = new AtomicInteger();

    ByteBuffer small() {
        return take(small, smallKept, SMALL);
    }

    ByteBuffer large() {
        return take(large, largeKept, LARGE);
    }

    void release(ByteBuffer buffer) {
        buffer.clear();
        if (buffer.capacity() == LARGE) {
            keep(large, largeKept, KEEP_LARGE, buffer);
        } else if (buffer.capacity() == SMALL) {
            keep(small, smallKept, KEEP_SMALL, buffer);
        }
    }

    private static ByteBuffer take(ConcurrentLinkedDeque<ByteBuffer> pool, AtomicInteger kept, int size) {
        ByteBuffer b = pool.pollFirst();
        if (b == null) {
            return ByteBuffer.allocateDirect(size);
        }
        kept.decrementAndGet();
        return b;
    }

    private static void keep(ConcurrentLinkedDeque<ByteBuffer> pool, AtomicInteger kept, int max, ByteBuffer b) {
        if (kept.incrementAndGet() <= max) {
            pool.addFirst(b);
        } else {
            kept.decrementAndGet();
        }
    }
}
