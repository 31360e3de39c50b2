package dev.airlock.session;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs the record of a command that has ended where its caller's interrupt cannot reach it. A caller that goes
 * away (Ctrl-C, a killed client, a closed MCP request) interrupts the thread that serves it; once the command's
 * processes are gone, that interrupt must not cut the checkpoint diff, the guard or the audit event short: a file
 * channel closes for good and a git child is abandoned on an interrupted thread, and the command would then have
 * run with no record of it (#18: 15 such commands in a 30-session load run whose clients were killed). The work
 * runs on a thread of its own; the caller waits for it whatever happens, and learns of its interrupt afterwards.
 */
final class Uninterruptibly {

    private Uninterruptibly() {
    }

    static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    static <T> T call(Supplier<T> work) {
        var result = new AtomicReference<T>();
        var failure = new AtomicReference<Throwable>();
        Thread worker = Thread.ofVirtual().name(Thread.currentThread().getName() + "-record").start(() -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
        return result.get();
    }
}
