package dev.airlock.egress;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Time limits for blocking channel calls, which take no timeout of their own: the channel is closed when the
 * deadline passes, and the blocked call fails.
 */
final class Deadlines implements AutoCloseable {

    /** A pending close; cancel it when the guarded call returned. */
    static final class Deadline {
        private static final int PENDING = 0;
        private static final int IN_TIME = 1;
        private static final int FIRED = 2;
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private volatile ScheduledFuture<?> task;

        /** Returns true when the call finished in time, false when the deadline had closed the channel already. */
        boolean cancel() {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
            return state.compareAndSet(PENDING, IN_TIME) || state.get() == IN_TIME;
        }

        boolean fired() {
            return state.get() == FIRED;
        }
    }

    private final ScheduledThreadPoolExecutor timer;

    Deadlines() {
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("egress-deadlines").factory());
        timer.setRemoveOnCancelPolicy(true);
    }

    Deadline closeAfter(Closeable target, Duration timeout) {
        Deadline d = new Deadline();
        d.task = timer.schedule(() -> {
            if (d.state.compareAndSet(Deadline.PENDING, Deadline.FIRED)) {
                try {
                    target.close();
                } catch (IOException e) {
                    // closing is all a deadline does; a failure to close leaves nothing to undo
                }
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return d;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
