package dev.airlock.runtime;

/** Where commands get their sandbox: a fresh (possibly pre-started) one per command, or a session's warm one. */
public interface Sandboxes extends AutoCloseable {

    Lease acquire(ContainerSpec spec);

    /** How many sandboxes wait, started, for a command (a pool's; none for the others). */
    default int waiting() {
        return 0;
    }

    /** Removes every sandbox this source still holds. */
    @Override
    void close();
}
