package dev.airlock.assess;

import java.util.Objects;

/**
 * One thing a command will do that sets its tier, e.g. {@code {WRITE, "writes", "src/App.java"}} or
 * {@code {NETWORK, "network", "registry.npmjs.org"}}.
 *
 * @param tier   the tier this effect alone needs
 * @param what   a short lower-kebab kind: {@code writes}, {@code deletes}, {@code network},
 *               {@code outside-workspace}, {@code reads-secret}, {@code rewrites-history}, {@code opaque}, ...
 * @param detail the path, host or construct it is about, for people
 */
public record Reason(Tier tier, String what, String detail) {

    public Reason {
        Objects.requireNonNull(tier);
        Objects.requireNonNull(what);
        Objects.requireNonNull(detail);
    }
}
