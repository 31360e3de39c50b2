package dev.airlock.runtime;

import java.util.function.Consumer;

/** A sandbox lent for one command and removed when it is given back, by the removal the lender chose. */
public record OneShotLease(Sandbox sandbox, Consumer<Sandbox> removal) implements Lease {

    @Override
    public boolean warm() {
        return false;
    }

    @Override
    public void discard() {
        removal.accept(sandbox);
    }

    @Override
    public void close() {
        removal.accept(sandbox);
    }
}
