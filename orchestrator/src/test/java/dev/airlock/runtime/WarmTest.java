package dev.airlock.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a warm session lends its containers: one command at a time, cleaned between, replaced when the spec changes. */
class WarmTest {

    /** Counts starts and removals; no engine (WarmSessionIT runs the same against the real one). */
    static final class Recorder implements SandboxRuntime {
        // safe from any thread: the pool starts and removes off the caller's thread (PoolTest uses this too)
        final List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> removed = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean clean = true;
        final Map<String, ContainerSpec> specs = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public EngineStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean imagePresent(String image) {
            return true;
        }

        /** Containers that died under their keeper (with an engine restart, say). */
        final java.util.Set<String> dead = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public synchronized Sandbox start(ContainerSpec spec) {
            String id = "c" + started.size();
            started.add(id);
            specs.put(id, spec);
            return new Sandbox(id, spec.labels());
        }

        @Override
        public ExecOutcome exec(Sandbox sandbox, ExecSpec exec, ProcessIO io) {
            throw new UnsupportedOperationException();
        }

        /** The table a container made exactly as its spec asks would show (the engine follows no link here). */
        @Override
        public MountTable mountTable(Sandbox sandbox) {
            if (dead.contains(sandbox.id())) {
                throw new IllegalStateException("container " + sandbox.id() + " is not running");
            }
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
        public List<String> removeOrphanNetworks() {
            return List.of();
        }

        @Override
        public boolean endCommands(Sandbox sandbox) {
            ended.add(sandbox.id());
            return clean;
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

    final Recorder runtime = new Recorder();
    final Warm warm = new Warm(runtime);

    /** A real folder: the guard looks the masked paths up in it without following links. */
    static final Path WS = workspace();

    static Path workspace() {
        try {
            Path ws = java.nio.file.Files.createTempDirectory("warm-test");
            java.nio.file.Files.writeString(ws.resolve(".env"), "x");
            java.nio.file.Files.createDirectories(ws.resolve("b"));
            java.nio.file.Files.writeString(ws.resolve("b/.env"), "x");
            return ws;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ContainerSpec spec(String profile, String... masks) {
        List<Mount> mounts = new ArrayList<>(List.of(new Mount(WS, "/workspace", false)));
        for (String m : masks) {
            mounts.add(new Mount(Path.of("/s/empty"), "/workspace/" + m, true));
        }
        return new ContainerSpec("img", Optional.empty(), "1000:1000", "/workspace", mounts, List.of(), Map.of(),
                Network.NONE, List.of(), new Resources(1, 1 << 20, 10), Map.of("dev.airlock.profile", profile), List.of("cat"));
    }

    @Test
    void aContainerIsKeptBetweenCommandsAndWhatACommandLeftIsEndedBeforeTheNext() {
        try (Lease first = warm.acquire(spec("p"))) {
            assertThat(first.warm()).isFalse();
        }
        try (Lease second = warm.acquire(spec("p"))) {
            assertThat(second.sandbox().id()).isEqualTo("c0");
            assertThat(second.warm()).isTrue();
        }
        assertThat(runtime.ended).containsExactly("c0", "c0");
        assertThat(runtime.removed).isEmpty();
    }

    @Test
    void aContainerWhoseCommandsCannotBeEndedIsRemovedAndNotLentAgain() {
        runtime.clean = false;
        warm.acquire(spec("p")).close();
        runtime.clean = true;
        Lease next = warm.acquire(spec("p"));

        assertThat(runtime.removed).containsExactly("c0");
        assertThat(next.sandbox().id()).isEqualTo("c1");
        assertThat(next.warm()).isFalse();
    }

    @Test
    void aKeptContainerThatDiedIsRemovedAndTheNextCommandGetsAFreshOne() {
        warm.acquire(spec("p")).close();
        runtime.dead.add("c0"); // the engine restarted: the kept container cannot even be looked at
        try (Lease next = warm.acquire(spec("p"))) {
            assertThat(next.sandbox().id()).isEqualTo("c1");
            assertThat(next.warm()).isFalse();
        }
        assertThat(runtime.removed).containsExactly("c0");
        try (Lease again = warm.acquire(spec("p"))) {
            assertThat(again.sandbox().id()).isEqualTo("c1"); // and it is the one kept from then on
        }
    }

    @Test
    void aCommandThatComesWhileAnotherRunsGetsAContainerOfItsOwnRemovedAfterIt() {
        Lease holding = warm.acquire(spec("p"));
        Lease concurrent = warm.acquire(spec("p"));

        assertThat(concurrent.sandbox().id()).isNotEqualTo(holding.sandbox().id());
        concurrent.close();
        holding.close();
        assertThat(runtime.removed).containsExactly(concurrent.sandbox().id());
        assertThat(warm.acquire(spec("p")).sandbox().id()).isEqualTo(holding.sandbox().id());
    }

    @Test
    void aChangedSpecReplacesTheContainerWhichIsRemovedAtOnceOrWhenItsCommandEnds() {
        warm.acquire(spec("p")).close();
        Lease replacing = warm.acquire(spec("p", ".env"));
        assertThat(runtime.removed).containsExactly("c0");

        Lease running = replacing;
        Lease again = warm.acquire(spec("p", ".env", "b/.env"));
        assertThat(runtime.removed).containsExactly("c0"); // its command still runs
        running.close();
        assertThat(runtime.removed).containsExactly("c0", running.sandbox().id());
        again.close();
        warm.close();
        assertThat(runtime.removed).containsExactly("c0", "c1", "c2");
    }

    @Test
    void anotherProfileHasAContainerOfItsOwnNextToTheFirst() {
        warm.acquire(spec("p")).close();
        warm.acquire(spec("q")).close();

        assertThat(runtime.started).containsExactly("c0", "c1");
        assertThat(runtime.removed).isEmpty();
    }
}
