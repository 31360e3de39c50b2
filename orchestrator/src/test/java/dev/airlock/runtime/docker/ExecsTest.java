package dev.airlock.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waiting for an exec's exit status: a Ctrl-C while it waits is a cancel, and the interrupt is kept. */
class ExecsTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void theStatusIsReturnedOnceTheEngineHasIt() {
        AtomicInteger looks = new AtomicInteger();
        int exit = Execs.exitCode(() -> looks.incrementAndGet() < 3 ? Optional.empty() : Optional.of(3), false);
        assertThat(exit).isEqualTo(3);
        assertThat(looks).hasValue(3);
    }

    @Test
    void anExecGoneWithItsContainerIsAFailureStatusOrTheKillOfATimeout() {
        assertThat(Execs.exitCode(() -> Optional.of(-1), false)).isEqualTo(125);
        assertThat(Execs.exitCode(() -> Optional.of(-1), true)).isEqualTo(137);
        assertThat(Execs.exitCode(Optional::empty, true)).isEqualTo(137);
    }

    @Test
    void anInterruptWhileTheStatusIsAwaitedIsACancelAndKeepsTheFlag() {
        // the interrupt comes while the engine has not recorded the exit yet: the wait sleeps, the sleep is cut
        AtomicInteger looks = new AtomicInteger();
        assertThatThrownBy(() -> Execs.exitCode(() -> {
            if (looks.incrementAndGet() == 2) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }, false)).isInstanceOfSatisfying(AirlockException.class,
                e -> assertThat(e.kind()).isEqualTo(AirlockException.Kind.CANCELLED));
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void aThreadInterruptedBeforeTheWaitAsksTheEngineNothing() {
        Thread.currentThread().interrupt();
        AtomicInteger looks = new AtomicInteger();
        assertThatThrownBy(() -> Execs.exitCode(() -> {
            looks.incrementAndGet();
            return Optional.of(0);
        }, false)).isInstanceOfSatisfying(AirlockException.class,
                e -> assertThat(e.kind()).isEqualTo(AirlockException.Kind.CANCELLED));
        assertThat(looks).hasValue(0);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
