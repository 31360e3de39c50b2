package dev.airlock.runtime;

/**
 * A sandbox lent to one command. {@link #close()} gives it back: a disposable sandbox is removed, a warm one
 * is kept for the session's next command. {@link #discard()} removes it whatever it is (after a timeout, a
 * kill, or when its mounts no longer match the workspace).
 */
public interface Lease extends AutoCloseable {

    Sandbox sandbox();

    /** Whether this sandbox served a command before (its /tmp and home may hold that command's files). */
    boolean warm();

    void discard();

    @Override
    void close();
}
