package dev.airlock.egress;

import dev.airlock.text.Clean;
import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Host canonicalisation shared by the proxy and the allowlist, so both compare the same thing: names are
 * lower-cased, IDN-converted and lose one trailing dot; anything that a resolver would read as an IPv4 or IPv6
 * address (inet_aton spellings: {@code 127.1}, {@code 0x7f.0.0.1}, {@code 0177.0.0.1}, {@code 2130706433};
 * brackets, zone ids, IPv4-mapped IPv6) becomes that address. A host that is neither is rejected.
 */
final class Hosts {

    /** A canonical host: the name, or the plain form of an address with the address itself. */
    record Host(String name, Optional<InetAddress> address) {
        boolean isIpLiteral() {
            return address.isPresent();
        }
    }

    private Hosts() {
    }

    /** Canonicalises a host as a client or a user wrote it; IllegalArgumentException says why it is no host. */
    static Host parse(String raw) {
        if (raw.isEmpty() || raw.length() > 300) {
            throw new IllegalArgumentException("not a host name: '" + shorten(raw) + "'");
        }
        if (raw.startsWith("[")) {
            if (!raw.endsWith("]") || raw.indexOf(':') < 0) {
                throw new IllegalArgumentException("not an IPv6 address: '" + shorten(raw) + "'");
            }
            return ipv6(raw.substring(1, raw.length() - 1));
        }
        if (raw.indexOf(':') >= 0) {
            return ipv6(raw);
        }
        String ascii;
        try {
            // IDN also maps full-width letters, digits and dots (U+3002, U+FF0E) to ASCII: "１２７.０.０.１" is 127.0.0.1
            ascii = IDN.toASCII(raw).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a host name: '" + shorten(raw) + "' (" + e.getMessage() + ")");
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        String[] labels = ascii.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (isNumberLabel(last)) {
            // as in the WHATWG URL standard: a host ending in a number is an IPv4 address or nothing at all
            InetAddress v4 = ipv4(labels).orElseThrow(
                    () -> new IllegalArgumentException("not an IPv4 address: '" + shorten(raw) + "'"));
            return new Host(format(v4), Optional.of(v4));
        }
        if (ascii.length() > 253) {
            throw new IllegalArgumentException("host name longer than 253 characters");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || !label.chars().allMatch(Hosts::nameChar)) {
                throw new IllegalArgumentException("not a host name: '" + shorten(raw) + "'");
            }
        }
        return new Host(ascii, Optional.empty());
    }

    private static boolean nameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static boolean isNumberLabel(String label) {
        if (label.startsWith("0x")) {
            return label.chars().skip(2).allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return !label.isEmpty() && label.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** inet_aton: one to four parts, each decimal, octal (leading 0) or hex (0x); the last part fills the rest. */
    private static Optional<InetAddress> ipv4(String[] parts) {
        if (parts.length > 4) {
            return Optional.empty();
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            long part = number(parts[i]);
            boolean last = i == parts.length - 1;
            long max = last ? (1L << (8 * (5 - parts.length))) - 1 : 255;
            if (part < 0 || part > max) {
                return Optional.empty();
            }
            value = last ? (value << (8 * (5 - parts.length))) | part : (value << 8) | part;
        }
        byte[] bytes = {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One inet_aton part, or -1 when it is not a number (or too large to matter). */
    private static long number(String part) {
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return 0;
            }
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty() || digits.length() > 12) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            value = value * radix + d;
        }
        return value;
    }

    private static Host ipv6(String text) {
        int zone = text.indexOf('%');
        // the zone (fe80::1%eth0, or %25eth0 in a URL) names an interface, not a host: it does not change the address
        String address = zone >= 0 ? text.substring(0, zone) : text;
        if (address.isEmpty() || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            throw new IllegalArgumentException("not an IPv6 address: '" + shorten(text) + "'");
        }
        try {
            // brackets make the JDK parse a literal and never ask DNS
            InetAddress parsed = InetAddress.getByName("[" + address + "]");
            return new Host(format(parsed), Optional.of(parsed));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: '" + shorten(text) + "'");
        }
    }

    /** The plain form of an address: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as ::). */
    static String format(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(words[i]));
            if (i < 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** A name the agent gave, as an error may quote it: cleaned ({@link Clean#line}: bidi and C1 too), and short. */
    private static String shorten(String s) {
        String printable = Clean.line(s);
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
