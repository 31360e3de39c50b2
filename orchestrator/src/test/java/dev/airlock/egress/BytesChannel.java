package dev.airlock.egress;

import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/** A client that sends these bytes and then closes; what the proxy answers is dropped. For the fuzz tests. */
final class BytesChannel implements ByteChannel {

    private final ByteBuffer in;
    private boolean open = true;

    BytesChannel(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes);
    }

    @Override
    public int read(ByteBuffer dst) {
        if (!in.hasRemaining()) {
            return -1;
        }
        int n = Math.min(dst.remaining(), in.remaining());
        dst.put(in.slice(in.position(), n));
        in.position(in.position() + n);
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
