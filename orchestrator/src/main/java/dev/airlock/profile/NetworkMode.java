package dev.airlock.profile;

/**
 * What network a profile's container gets. JSON names: {@code none} (loopback only), {@code allowlisted}
 * (only Airlock's egress proxy), {@code open} (the engine's default bridge).
 */
public enum NetworkMode {
    NONE,
    ALLOWLISTED,
    OPEN
}
