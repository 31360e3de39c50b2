package dev.airlock.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session's warm sandboxes: one container per distinct spec (in practice, per profile), created on first
 * need and kept between commands, so a command pays for an exec, not a container. A spec that changes (new
 * masked files, another profile's mounts) gets its own container; the old one stays until the session ends.
 * A kept container is verified against the workspace each time it is lent ({@link MountGuard}).
 */
public final class Warm implements Sandboxes {

    private final SandboxRuntime runtime;
    private final MountGuard guard;
    private final Map<ContainerSpec, MountGuard.Made> byspec = new HashMap<>();
    private final Map<ContainerSpec, Boolean> used = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    public Warm(SandboxRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime);
        this.guard = new MountGuard(runtime);
    }

    @Override
    public Lease acquire(ContainerSpec spec) {
        Sandbox sandbox;
        boolean wasUsed;
        lock.lock();
        try {
            // out of the map while it is checked: one that fails is removed by the guard, never found again
            MountGuard.Made kept = byspec.remove(spec);
            // what the container was made over is checked against the workspace as it is now, at every command
            MountGuard.Made made = kept == null ? guard.start(spec, 2) : guard.take(kept, spec);
            wasUsed = made == kept && used.getOrDefault(spec, false);
            sandbox = made.sandbox();
            byspec.put(spec, made);
            used.put(spec, true);
        } finally {
            lock.unlock();
        }
        Sandbox lent = sandbox;
        return new Lease() {
            @Override
            public Sandbox sandbox() {
                return lent;
            }

            @Override
            public boolean warm() {
                return wasUsed;
            }

            @Override
            public void discard() {
                lock.lock();
                try {
                    if (byspec.containsKey(spec) && byspec.get(spec).sandbox().equals(lent)) {
                        byspec.remove(spec);
                    }
                    used.remove(spec);
                } finally {
                    lock.unlock();
                }
                runtime.remove(lent);
            }

            @Override
            public void close() {
                // kept for the session's next command
            }
        };
    }

    @Override
    public void close() {
        List<Sandbox> all;
        lock.lock();
        try {
            all = byspec.values().stream().map(MountGuard.Made::sandbox).toList();
            byspec.clear();
            used.clear();
        } finally {
            lock.unlock();
        }
        all.forEach(runtime::remove);
    }
}
