package dev.airlock.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-created, pre-started containers for disposable runs, per key (what a container is made with: a profile
 * over a workspace, no session), so a run pays for an exec instead of a create and start. A pooled container
 * serves one command and is removed; after each take the pool starts a replacement off the command's path.
 * Kept per key until unused for the idle time. A pooled container is verified when it is made and again when
 * a run takes it ({@link MountGuard}); it is labelled {@link Labels#POOLED}, and its lease records the session.
 */
public final class Pool implements Sandboxes {

    private static final Logger log = LoggerFactory.getLogger(Pool.class);

    private final SandboxRuntime runtime;
    private final MountGuard guard;
    private final int size;
    private final Duration idle;
    private final Map<ContainerSpec, Deque<MountGuard.Made>> ready = new HashMap<>();
    private final Map<ContainerSpec, Instant> lastUsed = new ConcurrentHashMap<>();
    private final Set<ContainerSpec> filling = ConcurrentHashMap.newKeySet();
    /** Container id to the session whose command holds it now. */
    private final Map<String, String> leased = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Pool(SandboxRuntime runtime, int size, Duration idle) {
        this.runtime = runtime;
        this.guard = new MountGuard(runtime);
        this.size = size;
        this.idle = idle;
        if (size > 0) {
            Thread.ofVirtual().name("airlock-pool-evict").start(this::evictLoop);
        }
    }

    @Override
    public Lease acquire(ContainerSpec spec) {
        ContainerSpec key = key(spec);
        MountGuard.Made pooled;
        synchronized (ready) {
            Deque<MountGuard.Made> queue = ready.get(key);
            pooled = queue == null ? null : queue.poll();
        }
        lastUsed.put(key, Instant.now());
        Sandbox sandbox;
        if (pooled == null) {
            sandbox = guard.start(spec, 2).sandbox();
        } else {
            // made a while ago, perhaps while a command moved folders: checked against the workspace as it is now
            MountGuard.Made taken = guard.take(pooled, spec);
            if (taken != pooled) {
                // its siblings were made at the same time, from the same look at the workspace: none is used
                drain(key).forEach(m -> runtime.remove(m.sandbox()));
            }
            sandbox = taken.sandbox();
        }
        refill(key);
        Optional.ofNullable(spec.labels().get(Labels.SESSION)).ifPresent(session -> leased.put(sandbox.id(), session));
        // removal is off the command's path: the result is back with the caller while the engine removes it
        return new OneShotLease(sandbox, used -> {
            leased.remove(used.id());
            Thread.ofVirtual().name("airlock-pool-remove").start(() -> runtime.remove(used));
        });
    }

    @Override
    public Map<String, String> leases() {
        return Map.copyOf(leased);
    }

    /**
     * Starts what the spec's pool lacks, all at once (a start is mostly waiting on the engine), so back-to-back
     * runs find one ready; one refill per spec at a time.
     */
    private void refill(ContainerSpec key) {
        if (size <= 0 || closed || !filling.add(key)) {
            return;
        }
        Thread.ofVirtual().name("airlock-pool-fill").start(() -> {
            try {
                int missing = size - count(key);
                var starts = new ArrayList<Thread>();
                for (int i = 0; i < missing; i++) {
                    starts.add(Thread.ofVirtual().start(() -> {
                        try {
                            // verified now, before it waits, and again when a run takes it
                            MountGuard.Made started = guard.start(key, 1);
                            synchronized (ready) {
                                if (closed) {
                                    runtime.remove(started.sandbox());
                                } else {
                                    ready.computeIfAbsent(key, k -> new ArrayDeque<>()).add(started);
                                }
                            }
                        } catch (RuntimeException e) {
                            log.debug("could not pre-start a container: {}", e.toString());
                        }
                    }));
                }
                for (Thread start : starts) {
                    start.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                filling.remove(key);
            }
        });
    }

    private int count(ContainerSpec key) {
        synchronized (ready) {
            Deque<MountGuard.Made> queue = ready.get(key);
            return queue == null ? 0 : queue.size();
        }
    }

    private void evictLoop() {
        while (!closed) {
            try {
                Thread.sleep(Duration.ofSeconds(Math.max(1, Math.min(30, idle.toSeconds() / 2))));
            } catch (InterruptedException e) {
                return;
            }
            Instant now = Instant.now();
            lastUsed.forEach((key, used) -> {
                if (used.plus(idle).isBefore(now)) {
                    drain(key).forEach(m -> runtime.remove(m.sandbox()));
                    lastUsed.remove(key, used);
                }
            });
        }
    }

    private List<MountGuard.Made> drain(ContainerSpec key) {
        synchronized (ready) {
            Deque<MountGuard.Made> queue = ready.remove(key);
            return queue == null ? List.of() : List.copyOf(queue);
        }
    }

    /** How many pre-started containers wait now (for the benchmark and doctor). */
    public int waiting() {
        synchronized (ready) {
            return ready.values().stream().mapToInt(Deque::size).sum();
        }
    }

    /**
     * What a pooled container is made with, and so the pool's key: the run's spec without its session, which a
     * container made ahead cannot know. Everything else in a spec is what the engine creates the container with.
     */
    static ContainerSpec key(ContainerSpec spec) {
        return spec.withLabels(Labels.pooled(spec.labels()));
    }

    @Override
    public void close() {
        closed = true;
        List<Sandbox> all;
        synchronized (ready) {
            all = ready.values().stream().flatMap(Deque::stream).map(MountGuard.Made::sandbox).toList();
            ready.clear();
        }
        all.forEach(runtime::remove);
    }
}
