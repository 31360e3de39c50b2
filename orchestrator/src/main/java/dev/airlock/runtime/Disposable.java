package dev.airlock.runtime;

/** A fresh sandbox for every command, removed when the command ends. */
public final class Disposable implements Sandboxes {

    private final SandboxRuntime runtime;

    public Disposable(SandboxRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Lease acquire(ContainerSpec spec) {
        return new OneShotLease(runtime.start(spec), runtime::remove);
    }

    @Override
    public void close() {
        // nothing held between commands
    }
}
