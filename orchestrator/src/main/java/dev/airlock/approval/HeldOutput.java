package dev.airlock.approval;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The terminal's floor, shared by a console's output streams and its terminal prompt: while a question is open
 * the prompt owns the screen, and what a command writes meanwhile waits here (in order, per stream) until the
 * question is answered, so the command cannot clear the screen or draw a prompt of its own over the real one.
 * Past {@link #LIMIT} bytes held, writers wait (the command's output pump stops, not the question).
 */
public final class HeldOutput {

    /** Bytes held while a question is open before writers are made to wait. */
    public static final int LIMIT = 4 << 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closed = lock.newCondition();
    private final List<Chunk> held = new ArrayList<>();
    private final Set<OutputStream> targets = new LinkedHashSet<>();
    private long heldBytes;
    private Thread asking;

    private record Chunk(OutputStream target, byte[] bytes) {
    }

    /** A stream that writes to {@code target}, except while a question is open, when it holds what it gets. */
    public OutputStream hold(OutputStream target) {
        lock.lock();
        try {
            targets.add(target);
        } finally {
            lock.unlock();
        }
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                HeldOutput.this.write(target, b, off, len);
            }

            @Override
            public void flush() throws IOException {
                lock.lock();
                try {
                    if (asking == null) {
                        target.flush();
                    }
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    private void write(OutputStream target, byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            while (asking != null && asking != Thread.currentThread() && heldBytes >= LIMIT) {
                closed.awaitUninterruptibly();
            }
            if (asking == null) {
                target.write(b, off, len);
                return;
            }
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            held.add(new Chunk(target, copy));
            heldBytes += len;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens a question: from now until {@link Question#close}, output is held. Waits (up to {@code millis}) for
     * a write under way to finish and flushes what was written before, so the prompt is drawn after it.
     * Empty when the streams stayed busy that long (a consumer that does not read): the caller denies.
     */
    public java.util.Optional<Question> open(long millis) throws InterruptedException {
        if (!lock.tryLock(Math.max(0, millis), TimeUnit.MILLISECONDS)) {
            return java.util.Optional.empty();
        }
        try {
            for (OutputStream target : targets) {
                try {
                    target.flush();
                } catch (IOException e) {
                    // a stream that cannot flush has nothing left to show
                }
            }
            asking = Thread.currentThread();
            return java.util.Optional.of(new Question());
        } finally {
            lock.unlock();
        }
    }

    /** Bytes held back now. */
    public long held() {
        lock.lock();
        try {
            return heldBytes;
        } finally {
            lock.unlock();
        }
    }

    /** An open question; closing it lets the held output through, in the order it came. */
    public final class Question implements AutoCloseable {

        private Question() {
        }

        @Override
        public void close() {
            lock.lock();
            try {
                asking = null;
                for (Chunk chunk : held) {
                    try {
                        chunk.target().write(chunk.bytes());
                    } catch (IOException e) {
                        // a stream that is gone takes nothing more
                    }
                }
                for (OutputStream target : targets) {
                    try {
                        target.flush();
                    } catch (IOException e) {
                        // as above
                    }
                }
                held.clear();
                heldBytes = 0;
                closed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
