package dev.airlock.profile;

import java.net.IDN;
import java.util.Locale;

/**
 * Domain allowlist entries: an exact name, or {@code *.example.com} for its subdomains only (never
 * {@code example.com} itself, never {@code evilexample.com}). Case-insensitive, trailing dot ignored, IDN
 * compared as punycode.
 */
public final class DomainPattern {

    private DomainPattern() {
    }

    /** The canonical form of a host name: ASCII (punycode), lower case, no trailing dot. */
    public static String normalize(String host) {
        String h = host.trim();
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        try {
            h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // not a valid IDN: compared as written, so it simply matches nothing it should not
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** Whether a host matches an entry; a port in the entry ({@code example.com:8443}) is the proxy's to check. */
    public static boolean matches(String pattern, String host) {
        String h = normalize(host);
        String p = withoutPort(pattern.trim().toLowerCase(Locale.ROOT));
        if (p.startsWith("*.")) {
            String suffix = normalize(p.substring(2));
            return h.endsWith("." + suffix) && h.length() > suffix.length() + 1;
        }
        return h.equals(normalize(p));
    }

    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            return close > 0 ? entry.substring(1, close) : entry;
        }
        int colon = entry.lastIndexOf(':');
        return colon > 0 && colon == entry.indexOf(':') && entry.substring(colon + 1).matches("\\d{1,5}") ? entry.substring(0, colon) : entry;
    }
}
