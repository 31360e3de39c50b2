package dev.airlock.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UninterruptiblyTest {

    @TempDir
    Path dir;

    @Test
    void aCallerInterruptedMeanwhileStillGetsTheWorkDoneAndLearnsOfTheInterruptAfter() throws Exception {
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var workSawInterrupt = new AtomicBoolean();
        var result = new AtomicReference<String>();
        var callerInterrupted = new AtomicBoolean();
        Thread caller = Thread.ofVirtual().start(() -> {
            result.set(Uninterruptibly.call(() -> {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    workSawInterrupt.set(true);
                }
                // a file channel on an interrupted thread closes for good: the work's thread is not interrupted
                try (FileChannel channel = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    channel.write(java.nio.ByteBuffer.wrap("written".getBytes()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return "done";
            }));
            callerInterrupted.set(Thread.currentThread().isInterrupted());
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.interrupt();
        release.countDown();
        caller.join(10_000);

        assertThat(result.get()).isEqualTo("done");
        assertThat(workSawInterrupt).isFalse();
        assertThat(Files.readString(dir.resolve("f"))).isEqualTo("written");
        assertThat(callerInterrupted).as("the caller learns of its interrupt after the work").isTrue();
    }

    @Test
    void aCallerInterruptedBeforeItStartsStillGetsTheWorkDone() {
        Thread.currentThread().interrupt();
        try {
            assertThat(Uninterruptibly.call(() -> Thread.currentThread().isInterrupted() ? "interrupted" : "clean")).isEqualTo("clean");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void whatTheWorkThrowsReachesTheCaller() {
        assertThatThrownBy(() -> Uninterruptibly.run(() -> {
            throw new IllegalArgumentException("boom");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
    }
}
