package dev.airlock.runtime;

import java.util.Map;

/** Where commands get their sandbox: a fresh (possibly pre-started) one per command, or a session's warm one. */
public interface Sandboxes extends AutoCloseable {

    Lease acquire(ContainerSpec spec);

    /** How many sandboxes wait, started, for a command (a pool's; none for the others). */
    default int waiting() {
        return 0;
    }

    /**
     * The sandboxes lent now whose labels do not name the session holding them (pooled ones, made before it):
     * container id to session. Labels cannot change after a container is made, so this is where it is said.
     */
    default Map<String, String> leases() {
        return Map.of();
    }

    /** Removes every sandbox this source still holds. */
    @Override
    void close();
}
