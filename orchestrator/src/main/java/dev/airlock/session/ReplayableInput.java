package dev.airlock.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A command's stdin, remembered up to a limit, so that a command the sandbox stopped can be run again with
 * the same input. Input that was not read to its end, or was longer than the limit, cannot be replayed.
 */
final class ReplayableInput extends FilterInputStream {

    static final int LIMIT = 1 << 20;

    // reads block (on a pipe that never ends) without holding a lock; only the copy is guarded
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final int limit;
    private volatile boolean ended;
    private volatile boolean overflowed;

    ReplayableInput(InputStream in, int limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            ended = true;
        } else {
            keep(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            ended = true;
        } else {
            keep(b, off, n);
        }
        return n;
    }

    private synchronized void keep(byte[] b, int off, int n) {
        if (copy.size() + n > limit) {
            overflowed = true;
        } else if (!overflowed) {
            copy.write(b, off, n);
        }
    }

    /** The whole input again, if it was read to its end and fit in the limit. */
    synchronized Optional<InputStream> replay() {
        return ended && !overflowed ? Optional.of(new ByteArrayInputStream(copy.toByteArray())) : Optional.empty();
    }

    @Override
    public void close() {
        // the feeder closes what it reads; the real stdin stays open for a replay's reader to ignore
    }
}
