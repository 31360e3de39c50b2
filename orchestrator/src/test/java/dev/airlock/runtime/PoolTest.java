package dev.airlock.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the pool keys and labels what it makes ahead: by what a container is made with, never by a session. */
class PoolTest {

    /** Counts starts and removals from any thread; no engine (ServerIT takes pooled containers from the real one). */
    static final class Recorder implements SandboxRuntime {
        final List<Sandbox> started = new CopyOnWriteArrayList<>();
        final List<String> removed = new CopyOnWriteArrayList<>();
        final Map<String, ContainerSpec> specs = new ConcurrentHashMap<>();

        @Override
        public EngineStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean imagePresent(String image) {
            return true;
        }

        @Override
        public Sandbox start(ContainerSpec spec) {
            Sandbox s = new Sandbox("c" + specs.size() + "-" + System.nanoTime(), spec.labels());
            specs.put(s.id(), spec);
            started.add(s);
            return s;
        }

        @Override
        public ExecOutcome exec(Sandbox sandbox, ExecSpec exec, ProcessIO io) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MountTable mountTable(Sandbox sandbox) {
            ContainerSpec spec = specs.get(sandbox.id());
            List<MountTable.Entry> entries = new ArrayList<>();
            int id = 1;
            for (Mount m : spec.mounts()) {
                entries.add(new MountTable.Entry(id++, 0, "8:1", m.hostPath().toString(), m.containerPath(),
                        List.of(m.readOnly() ? "ro" : "rw"), "ext4"));
            }
            return new MountTable(entries);
        }

        @Override
        public boolean endCommands(Sandbox sandbox) {
            return true;
        }

        @Override
        public void remove(Sandbox sandbox) {
            removed.add(sandbox.id());
        }

        @Override
        public List<Sandbox> list(Map<String, String> labels) {
            return List.of();
        }

        @Override
        public List<Sandbox> removeOrphans() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    static final Path WS = WarmTest.WS;
    final Recorder runtime = new Recorder();
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
        Sandbox first;
        try (Lease lease = pool.acquire(spec("s-one"))) {
            first = lease.sandbox();
        }
        awaitWaiting(2);
        List<String> pooled = runtime.started.stream().map(Sandbox::id).filter(id -> !id.equals(first.id())).toList();

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
