package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallsTest {

    @Test
    void aCancellationThatArrivesBeforeTheWorkerStartsInterruptsItWhenItAttaches() throws InterruptedException {
        Calls calls = new Calls();
        RequestKey key = new RequestKey("n:1");
        calls.arrived(key);
        calls.cancel(key, "esc");
        var interrupted = new CountDownLatch(1);

        Thread worker = Thread.ofVirtual().start(() -> {
            calls.of(Optional.of(key)).attach(Thread.currentThread());
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        worker.join();
        assertThat(calls.answered(1)).as("the late answer is dropped").isTrue();
    }

    @Test
    void onlyAnswersOfCancelledRequestsAreDroppedAndUnknownIdsAreIgnored() {
        Calls calls = new Calls();
        calls.arrived(new RequestKey("n:1"));
        calls.arrived(new RequestKey("s:1"));
        calls.cancel(new RequestKey("s:1"), "esc");
        calls.cancel(new RequestKey("n:99"), "unknown");

        assertThat(calls.answered(1)).isFalse();
        assertThat(calls.answered("1")).isTrue();
        assertThat(calls.answered(99)).isFalse();
    }
}
