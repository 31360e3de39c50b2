package dev.airlock.runtime;

/** A fresh sandbox for every command, removed when the command ends. */
public final class Disposable implements Sandboxes {

    private final SandboxRuntime runtime;

    public Disposable(SandboxRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Lease acquire(ContainerSpec spec) {
        Sandbox sandbox = runtime.start(spec);
        return new Lease() {
            @Override
            public Sandbox sandbox() {
                return sandbox;
            }

            @Override
            public boolean warm() {
                return false;
            }

            @Override
            public void discard() {
                runtime.remove(sandbox);
            }

            @Override
            public void close() {
                runtime.remove(sandbox);
            }
        };
    }

    @Override
    public void close() {
        // nothing held between commands
    }
}
