package dev.airlock.egress;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a client wants to go. The host is canonical: lower case, no trailing dot, IDN as punycode, and an IP
 * literal of any spelling ({@code 0x7f.1}, {@code [::ffff:127.0.0.1]}) as its plain form ({@code 127.0.0.1},
 * {@code ::1}, no brackets, no zone). Building one from a host that is neither a name nor an address fails.
 *
 * @param host     the canonical host
 * @param port     1 to 65535
 * @param protocol how the client asked
 */
public record Destination(String host, int port, Protocol protocol) {

    public Destination {
        Objects.requireNonNull(protocol);
        host = Hosts.parse(Objects.requireNonNull(host)).name();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The address when the host is an IP literal; empty for a name. */
    public Optional<InetAddress> ipLiteral() {
        return Hosts.parse(host).address();
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
