package dev.airlock.egress;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicLong;

/** Copies bytes one way through a direct buffer, counting them; one virtual thread per direction. */
final class Pump {

    private Pump() {
    }

    /** Copies until {@code src} ends (or {@code limit} bytes, when not negative); EOFException if it ends early. */
    static void copy(ReadableByteChannel src, WritableByteChannel dst, Buffers buffers, long limit, AtomicLong count)
            throws IOException {
        ByteBuffer buffer = buffers.small();
        long left = limit;
        try {
            while (left != 0) {
                if (left > 0 && left < buffer.capacity()) {
                    buffer.limit((int) left);
                }
                int n = src.read(buffer);
                if (n < 0) {
                    if (left > 0) {
                        throw new EOFException(left + " bytes of the body missing");
                    }
                    return;
                }
                boolean full = !buffer.hasRemaining() && buffer.capacity() == Buffers.SMALL;
                buffer.flip();
                writeFully(dst, buffer);
                count.addAndGet(n);
                if (left > 0) {
                    left -= n;
                }
                buffer.clear();
                if (full) {
                    // bulk transfer: a larger buffer means fewer system calls per byte
                    buffers.release(buffer);
                    buffer = buffers.large();
                }
            }
        } finally {
            buffers.release(buffer);
        }
    }

    static void writeFully(WritableByteChannel dst, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            dst.write(buffer);
        }
    }
}
