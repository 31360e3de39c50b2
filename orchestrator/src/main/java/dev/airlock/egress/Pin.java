package dev.airlock.egress;

import dev.airlock.AirlockException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * Parses {@code NAME=IP} ({@code mirror.test=10.0.0.5}, {@code v6.test=[::1]}) as a user writes it; a usage
     * error names what is wrong.
     */
    public static Pin parse(String spec) {
        int eq = spec.indexOf('=');
        try {
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("expected NAME=IP");
            }
            Optional<InetAddress> ip = Hosts.parse(spec.substring(eq + 1)).address();
            if (ip.isEmpty()) {
                throw new IllegalArgumentException("'" + spec.substring(eq + 1) + "' is not an IP address");
            }
            return new Pin(spec.substring(0, eq), ip.get());
        } catch (IllegalArgumentException e) {
            throw AirlockException.usage("not a --resolve mapping: '" + spec + "': " + e.getMessage(),
                    "write NAME=IP, for example mirror.internal=10.0.0.5 or v6.internal=[fd00::5]");
        }
    }
}
