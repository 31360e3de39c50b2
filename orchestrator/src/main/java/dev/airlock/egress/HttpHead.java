package dev.airlock.egress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.x head, parsed strictly, because a proxy and a server that read a head differently is how requests
 * get smuggled: CRLF only, no obsolete line folding, no space before a colon, no control characters.
 *
 * @param start   the three parts of the start line (method, target, version; or version, status, reason)
 * @param headers the header fields in order
 */
record HttpHead(List<String> start, List<Header> headers) {

    /** One header field; the value has its surrounding whitespace removed. */
    record Header(String name, String value) {
        boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }

        String line() {
            return name + ": " + value + "\r\n";
        }
    }

    HttpHead {
        start = List.copyOf(start);
        headers = List.copyOf(headers);
    }

    /** A request head: {@code METHOD SP target SP HTTP/1.x}. */
    static HttpHead request(String head) throws ReadAhead.Malformed {
        List<String> lines = lines(head);
        String[] parts = lines.getFirst().split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()
                || !parts[1].chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ReadAhead.Malformed("malformed request line");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new ReadAhead.Malformed("unsupported HTTP version '" + parts[2] + "'");
        }
        return new HttpHead(List.of(parts), headers(lines));
    }

    /** A response head: {@code HTTP/1.x SP status SP reason}. */
    static HttpHead response(String head) throws ReadAhead.Malformed {
        List<String> lines = lines(head);
        String[] parts = lines.getFirst().split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
            throw new ReadAhead.Malformed("malformed status line from the server");
        }
        return new HttpHead(List.of(parts[0], parts[1], parts.length == 3 ? parts[2] : ""), headers(lines));
    }

    /** Every value of a header, in order. */
    List<String> values(String name) {
        return headers.stream().filter(h -> h.is(name)).map(Header::value).toList();
    }

    /** The comma-separated tokens of every value of a header, lower case ({@code Connection: close, X-Foo}). */
    List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        for (String value : values(name)) {
            for (String t : value.split(",")) {
                if (!t.isBlank()) {
                    tokens.add(t.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return tokens;
    }

    private static List<String> lines(String head) throws ReadAhead.Malformed {
        if (!head.endsWith("\r\n\r\n")) {
            throw new ReadAhead.Malformed("head not ended by an empty line");
        }
        List<String> lines = List.of(head.substring(0, head.length() - 4).split("\r\n", -1));
        for (String line : lines) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new ReadAhead.Malformed("bare CR or LF in the head");
            }
        }
        return lines;
    }

    private static List<Header> headers(List<String> lines) throws ReadAhead.Malformed {
        List<Header> headers = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            headers.add(field(line));
        }
        return headers;
    }

    /** One header (or trailer) field line, without its CRLF. */
    static Header field(String line) throws ReadAhead.Malformed {
        if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            throw new ReadAhead.Malformed("obsolete line folding in the head");
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.substring(0, colon))) {
            throw new ReadAhead.Malformed("malformed header field '" + printable(line) + "'");
        }
        String value = ows(line.substring(colon + 1));
        if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f))) {
            throw new ReadAhead.Malformed("control character in header " + line.substring(0, colon));
        }
        return new Header(line.substring(0, colon), value);
    }

    /** Trims optional whitespace, which is space and tab only: a vertical tab or NBSP is part of the value. */
    private static String ows(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }

    private static String printable(String s) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 60 ? p.substring(0, 60) + "..." : p;
    }
}
