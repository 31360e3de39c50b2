package dev.airlock.egress;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * One allowlist entry: an exact name ({@code example.com}), a wildcard for subdomains only ({@code *.example.com},
 * which never matches {@code example.com} itself), or an exact IP address; with one port, or 80 and 443 when the
 * entry names none ({@code example.com:8443}, {@code [::1]:8080}); {@code example.com:*} allows every port.
 *
 * @param name     the canonical name, or the wildcard's suffix, or the address's plain form
 * @param wildcard subdomains of {@code name}, not {@code name} itself
 * @param address  the address of an IP entry
 * @param ports    the ports it allows
 */
record HostPattern(String name, boolean wildcard, Optional<InetAddress> address, Set<Integer> ports) {

    static final Set<Integer> DEFAULT_PORTS = Set.of(80, 443);
    /** {@code host:*}: every port (an empty set, since no entry lists no port otherwise). */
    static final Set<Integer> ANY_PORT = Set.of();

    HostPattern {
        ports = Set.copyOf(ports);
    }

    /** Parses an entry as a user writes it; IllegalArgumentException says what is wrong. */
    static HostPattern parse(String entry) {
        String text = entry.strip();
        boolean wildcard = text.startsWith("*.");
        if (wildcard) {
            text = text.substring(2);
        }
        String host = text;
        Set<Integer> ports = DEFAULT_PORTS;
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[");
        if (bracketed ? text.indexOf("]:") > 0 : colon > 0 && colon == text.indexOf(':')) {
            host = text.substring(0, colon);
            String digits = text.substring(colon + 1);
            ports = digits.equals("*") ? ANY_PORT : Set.of(port(digits));
        }
        if (host.contains("*")) {
            throw new IllegalArgumentException("'*' may only start an entry, as in *.example.com");
        }
        Hosts.Host parsed = Hosts.parse(host);
        if (wildcard && (parsed.isIpLiteral() || !parsed.name().contains("."))) {
            throw new IllegalArgumentException("a wildcard needs a domain with at least two labels, as in *.example.com");
        }
        return new HostPattern(parsed.name(), wildcard, parsed.address(), ports);
    }

    /** The entry a session grant for this host and port adds: the host with the default ports, or with this port. */
    static HostPattern grant(String host, int port) {
        return new HostPattern(host, false, Optional.empty(), DEFAULT_PORTS.contains(port) ? DEFAULT_PORTS : Set.of(port));
    }

    boolean matchesHost(Hosts.Host host) {
        if (address.isPresent() || host.isIpLiteral()) {
            return address.isPresent() && host.address().isPresent()
                    && Arrays.equals(address.get().getAddress(), host.address().get().getAddress());
        }
        return wildcard ? host.name().endsWith("." + name) : host.name().equals(name);
    }

    boolean matches(Hosts.Host host, int port) {
        return matchesHost(host) && (ports.isEmpty() || ports.contains(port));
    }

    /** The entry as a user would write it again. */
    String text() {
        String host = (wildcard ? "*." : "") + (name.contains(":") ? "[" + name + "]" : name);
        return ports.equals(DEFAULT_PORTS) ? host : ports.isEmpty() ? host + ":*" : host + ":" + ports.iterator().next();
    }

    private static int port(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a port: '" + digits + "'");
        }
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
    }
}
