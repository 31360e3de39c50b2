package dev.airlock.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session's warm sandboxes: one container per kind (its labels: in practice, per profile), created on first
 * need and kept between commands, so a command pays for an exec, not a container. A container serves one
 * command at a time, and what a command leaves running is ended before the next one gets it; a command that
 * comes while another runs gets a container of its own, removed after it. A spec that changes (new masked
 * files, other mounts) replaces its kind's container, which is removed as soon as no command holds it.
 * A kept container is verified against the workspace each time it is lent ({@link MountGuard}).
 */
public final class Warm implements Sandboxes {

    /** The kept container of one kind; guarded by the lock. */
    private static final class Slot {
        final ContainerSpec spec;
        MountGuard.Made made;
        boolean busy;
        boolean used;
        boolean replaced;

        Slot(ContainerSpec spec, MountGuard.Made made) {
            this.spec = spec;
            this.made = made;
        }

        Sandbox sandbox() {
            return made.sandbox();
        }
    }

    private final SandboxRuntime runtime;
    private final MountGuard guard;
    private final Map<Map<String, String>, Slot> slots = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    public Warm(SandboxRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime);
        this.guard = new MountGuard(runtime);
    }

    @Override
    public Lease acquire(ContainerSpec spec) {
        Map<String, String> kind = spec.labels();
        Slot slot;
        Sandbox stale = null;
        lock.lock();
        try {
            slot = slots.get(kind);
            if (slot != null && !slot.spec.equals(spec)) {
                // what the container was made with no longer holds: the new spec's container replaces it
                slots.remove(kind);
                slot.replaced = true;
                stale = slot.busy ? null : slot.sandbox();
                slot = null;
            }
            if (slot != null && !slot.busy) {
                slot.busy = true;
            } else if (slot != null) {
                slot = null; // busy with another command: this one gets a container of its own
            }
        } finally {
            lock.unlock();
        }
        if (stale != null) {
            runtime.remove(stale);
        }
        if (slot != null) {
            // what the container was made over is checked against the workspace as it is now, at every command
            MountGuard.Made checked;
            try {
                checked = guard.take(slot.made, spec);
            } catch (RuntimeException e) {
                lock.lock();
                try {
                    slots.remove(kind, slot); // the guard removed its container
                } finally {
                    lock.unlock();
                }
                throw e;
            }
            boolean same = checked == slot.made;
            lock.lock();
            try {
                slot.made = checked;
            } finally {
                lock.unlock();
            }
            return new Kept(slot, same && slot.used);
        }
        MountGuard.Made started = guard.start(spec, 2);
        lock.lock();
        try {
            if (!slots.containsKey(kind)) {
                Slot fresh = new Slot(spec, started);
                fresh.busy = true;
                slots.put(kind, fresh);
                return new Kept(fresh, false);
            }
        } finally {
            lock.unlock();
        }
        return new OneShotLease(started.sandbox(), runtime::remove);
    }

    /** The lease of a kept container: given back clean, or removed. */
    private final class Kept implements Lease {

        private final Slot slot;
        private final boolean wasUsed;

        Kept(Slot slot, boolean wasUsed) {
            this.slot = slot;
            this.wasUsed = wasUsed;
        }

        @Override
        public Sandbox sandbox() {
            return slot.sandbox();
        }

        @Override
        public boolean warm() {
            return wasUsed;
        }

        @Override
        public void discard() {
            lock.lock();
            try {
                slots.remove(slot.spec.labels(), slot);
            } finally {
                lock.unlock();
            }
            runtime.remove(slot.sandbox());
        }

        @Override
        public void close() {
            // nothing the command started may run on into the next command (or read its environment)
            if (!runtime.endCommands(slot.sandbox())) {
                discard();
                return;
            }
            boolean remove;
            lock.lock();
            try {
                slot.busy = false;
                slot.used = true;
                remove = slot.replaced;
            } finally {
                lock.unlock();
            }
            if (remove) {
                runtime.remove(slot.sandbox());
            }
        }
    }

    @Override
    public void close() {
        List<Sandbox> all = new ArrayList<>();
        lock.lock();
        try {
            slots.values().forEach(s -> all.add(s.sandbox()));
            slots.clear();
        } finally {
            lock.unlock();
        }
        all.forEach(runtime::remove);
    }
}
