package dev.airlock.runtime;

/** A fresh sandbox for every command, removed when the command ends; verified before the command runs in it. */
public final class Disposable implements Sandboxes {

    private final SandboxRuntime runtime;
    private final MountGuard guard;

    public Disposable(SandboxRuntime runtime) {
        this.runtime = runtime;
        this.guard = new MountGuard(runtime);
    }

    @Override
    public Lease acquire(ContainerSpec spec) {
        // a second try: the first may have lost a race with a command of the same workspace moving folders
        return new OneShotLease(guard.start(spec, 2).sandbox(), runtime::remove);
    }

    @Override
    public void close() {
        // nothing held between commands
    }
}
