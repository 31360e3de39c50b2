package dev.airlock.egress;

import java.util.Locale;

/**
 * The proxy's own idea of host names, for everyone else who compares them (the planner's rules and up-front
 * grants, session grants), so a name means the same before a command runs as when it connects.
 */
public final class HostNames {

    private HostNames() {
    }

    /** The canonical form: lower case, punycode, no trailing dot, IP literals in their plain form. */
    public static String canonical(String host) {
        try {
            return Hosts.parse(host.strip()).name();
        } catch (IllegalArgumentException e) {
            return host.strip().toLowerCase(Locale.ROOT); // no host at all: compared as written, it matches nothing it should not
        }
    }

    /**
     * Whether an allowlist entry ({@code example.com}, {@code *.example.com}, {@code host:port}) names this host,
     * whatever the port: ports are the proxy's to check when a connection comes.
     */
    public static boolean matches(String entry, String host) {
        try {
            return HostPattern.parse(entry).matchesHost(Hosts.parse(host.strip()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The entry that grants a host and port as a live question asked about them: the host alone for 80 and 443
     * (which a bare name allows), else {@code host:port}.
     */
    public static String grantEntry(String host, int port) {
        return HostPattern.grant(canonical(host), port).text();
    }

    /** Whether an allowlist entry lets a connection to this host and port through. */
    public static boolean allows(String entry, String host, int port) {
        try {
            return HostPattern.parse(entry).matches(Hosts.parse(host.strip()), port);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
