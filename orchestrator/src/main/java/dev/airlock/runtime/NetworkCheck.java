package dev.airlock.runtime;

import java.util.Optional;

/**
 * What starting a container on one kind of network a profile uses showed ({@code none}, {@code allowlisted},
 * {@code bridge}): whether it reached what it must and nothing else, and when not, what to do.
 */
public record NetworkCheck(String kind, boolean ok, String detail, Optional<String> fix) {

    /** The kinds, by the network a profile names: {@code none}, {@code allowlisted} (the egress proxy's socket only), {@code open} (a bridge). */
    public enum Kind { NONE, ALLOWLISTED, OPEN }
}
