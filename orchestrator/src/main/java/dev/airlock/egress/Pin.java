package dev.airlock.egress;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A {@code --resolve NAME=IP} mapping: the proxy uses this address for this exact name without asking DNS, and
 * lets it through even when it is loopback or private (the user said so). For internal mirrors and tests.
 *
 * @param host    a canonical host name (or IP literal)
 * @param address where it goes
 */
public record Pin(String host, InetAddress address) {

    public Pin {
        host = Hosts.parse(Objects.requireNonNull(host)).name();
        Objects.requireNonNull(address);
    }

    /** Parses {@code NAME=IP} ({@code mirror.test=10.0.0.5}, {@code v6.test=[::1]}); the IP must be a literal. */
    public static Pin parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("expected NAME=IP, got '" + spec + "'");
        }
        var ip = Hosts.parse(spec.substring(eq + 1)).address()
                .orElseThrow(() -> new IllegalArgumentException("'" + spec.substring(eq + 1) + "' is not an IP address"));
        return new Pin(spec.substring(0, eq), ip);
    }
}
