package dev.airlock.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the pool keys and labels what it makes ahead: by what a container is made with, never by a session. */
class PoolTest {

    static final Path WS = WarmTest.WS;
    final WarmTest.Recorder runtime = new WarmTest.Recorder();
    final Pool pool = new Pool(runtime, 2, Duration.ofMinutes(10));

    @AfterEach
    void close() {
        pool.close();
    }

    static ContainerSpec spec(String session) {
        return new ContainerSpec("img", Optional.empty(), "1000:1000", "/workspace",
                List.of(new Mount(WS, "/workspace", false), new Mount(Path.of("/state/egress/ws"), "/run/airlock", true)),
                List.of(), Map.of(), Network.NONE, List.of(), new Resources(1, 1 << 20, 10),
                Map.of(Labels.SESSION, session, "dev.airlock.profile", "network-allowlisted"), List.of("cat"));
    }

    private void awaitWaiting(int n) throws InterruptedException {
        for (int i = 0; i < 2000 && pool.waiting() < n; i++) {
            Thread.sleep(5);
        }
        assertThat(pool.waiting()).isEqualTo(n);
    }

    @Test
    void aRunOfAnotherSessionTakesWhatThePoolMadeAfterTheFirstRun() throws InterruptedException {
        String first;
        try (Lease lease = pool.acquire(spec("s-one"))) {
            first = lease.sandbox().id();
        }
        awaitWaiting(2);
        List<String> pooled = runtime.started.stream().filter(id -> !id.equals(first)).toList();

        try (Lease lease = pool.acquire(spec("s-two"))) {
            assertThat(pooled).contains(lease.sandbox().id());
        }
    }

    @Test
    void aPooledContainerNamesNoSessionAndItsLeaseSaysWhoseCommandHoldsIt() throws InterruptedException {
        pool.acquire(spec("s-one")).close();
        awaitWaiting(2);

        Lease lease = pool.acquire(spec("s-two"));
        try {
            assertThat(lease.sandbox().labels()).doesNotContainKey(Labels.SESSION).containsEntry(Labels.POOLED, "true")
                    .containsEntry("dev.airlock.profile", "network-allowlisted");
            assertThat(pool.leases()).containsExactly(Map.entry(lease.sandbox().id(), "s-two"));
        } finally {
            lease.close();
        }
        assertThat(pool.leases()).isEmpty();
    }

    @Test
    void everyContainerThePoolMadeAheadIsTakenOrWaiting() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            pool.acquire(spec("s-" + i)).close();
            awaitWaiting(2);
        }
        // one fresh start for the first run, then one replacement per take: nothing made that no run could take
        assertThat(runtime.started).hasSize(1 + 2 + 4);
    }
}
