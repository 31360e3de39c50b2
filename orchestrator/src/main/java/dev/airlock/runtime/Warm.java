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
 */
public final class Warm implements Sandboxes {

    private final SandboxRuntime runtime;
    private final Map<ContainerSpec, Sandbox> byspec = new HashMap<>();
    private final Map<ContainerSpec, Boolean> used = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    public Warm(SandboxRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime);
    }

    @Override
    public Lease acquire(ContainerSpec spec) {
        Sandbox sandbox;
        boolean wasUsed;
        lock.lock();
        try {
            sandbox = byspec.get(spec);
            wasUsed = sandbox != null && used.getOrDefault(spec, false);
            if (sandbox == null) {
                sandbox = runtime.start(spec);
                byspec.put(spec, sandbox);
            }
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
                    byspec.remove(spec, lent);
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
            all = List.copyOf(byspec.values());
            byspec.clear();
            used.clear();
        } finally {
            lock.unlock();
        }
        all.forEach(runtime::remove);
    }
}
