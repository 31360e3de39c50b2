package dev.airlock.runtime.docker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Splits the engine's multiplexed stream (8-byte header: stream, 0, 0, 0, big-endian length) into stdout
 * and stderr, forwarding each chunk as it arrives. Beyond {@code limit} bytes per stream it keeps reading
 * (so the command is never blocked on a full pipe) but drops the bytes, keeping Airlock's memory flat.
 */
final class StreamDemux {

    private final OutputStream stdout;
    private final OutputStream stderr;
    private final long limit;
    private long outBytes;
    private long errBytes;

    StreamDemux(OutputStream stdout, OutputStream stderr, long limit) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.limit = limit;
    }

    /** Pumps until the engine closes the stream. */
    void pump(ReadableByteChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(8);
        ByteBuffer chunk = ByteBuffer.allocate(32 * 1024);
        while (true) {
            header.clear();
            if (!readFully(channel, header)) {
                return;
            }
            int stream = header.get(0);
            long remaining = Integer.toUnsignedLong(header.getInt(4));
            while (remaining > 0) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), remaining));
                if (!readFully(channel, chunk)) {
                    return;
                }
                remaining -= chunk.limit();
                forward(stream, chunk.array(), chunk.limit());
            }
        }
    }

    private void forward(int stream, byte[] bytes, int length) throws IOException {
        boolean isErr = stream == 2;
        long before = isErr ? errBytes : outBytes;
        if (isErr) {
            errBytes += length;
        } else {
            outBytes += length;
        }
        if (before >= limit) {
            return;
        }
        int keep = (int) Math.min(length, limit - before);
        OutputStream target = isErr ? stderr : stdout;
        target.write(bytes, 0, keep);
        target.flush();
    }

    long stdoutBytes() {
        return outBytes;
    }

    long stderrBytes() {
        return errBytes;
    }

    boolean truncated() {
        return outBytes > limit || errBytes > limit;
    }

    private static boolean readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (buffer.position() == 0) {
                    return false;
                }
                throw new IOException("engine stream ended inside a frame");
            }
        }
        return true;
    }
}
