package dev.airlock.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineCallsTest {

    private final EngineCalls calls = new EngineCalls(URI.create("unix:///var/run/docker.sock"));

    @Test
    void aRequestThatMetConnectionsTheRestartedEngineClosedIsSentAgainOnAFreshOne() {
        var tries = new AtomicInteger();
        String answer = calls.call(() -> {
            if (tries.incrementAndGet() <= 3) {
                throw new RuntimeException(new SocketException("Broken pipe"));
            }
            return "ok";
        });
        assertThat(answer).isEqualTo("ok");
        assertThat(tries).hasValue(4);
    }

    @Test
    void anEngineThatIsNotThereIsSaidAtOnceNotRetried() {
        var tries = new AtomicInteger();
        assertThatThrownBy(() -> calls.call(() -> {
            tries.incrementAndGet();
            throw new RuntimeException(new ConnectException("Connection refused"));
        })).isInstanceOf(AirlockException.class).hasMessageContaining("not reachable at unix:///var/run/docker.sock");
        assertThat(tries).hasValue(1);
    }

    @Test
    void deadConnectionsWithoutEndStillEndInAClearFailure() {
        var tries = new AtomicInteger();
        assertThatThrownBy(() -> calls.call(() -> {
            tries.incrementAndGet();
            throw new RuntimeException(new SocketException("Connection reset"));
        })).isInstanceOf(AirlockException.class).hasMessageContaining("not reachable");
        assertThat(tries.get()).isGreaterThan(1).isLessThan(100);
    }
}
