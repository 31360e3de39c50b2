package dev.airlock.egress;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads an HTTP request to the proxy: {@code CONNECT host:port} or an absolute-form {@code http://} request. */
final class HttpRequests {

    static final int MAX_HEAD = 64 * 1024;

    /** Where a request line points: the destination, and for plain HTTP the origin-form path. */
    private record Target(Destination destination, String path) {
    }

    private HttpRequests() {
    }

    static Front read(ReadAhead in) throws IOException, Front.Rejected {
        String text;
        try {
            text = in.head(MAX_HEAD);
        } catch (ReadAhead.Malformed e) {
            throw rejected(e.getMessage(), Optional.empty());
        }
        HttpHead head;
        try {
            head = HttpHead.request(text);
        } catch (ReadAhead.Malformed e) {
            throw rejected(e.getMessage(), namedIn(text));
        }
        String method = head.start().get(0);
        Target target = target(method, head.start().get(1));
        if (method.equals("CONNECT")) {
            return new ConnectFront(target.destination());
        }
        try {
            return new PlainHttpFront(target.destination(), head, target.path(), PlainHttpFront.body(head));
        } catch (ReadAhead.Malformed e) {
            throw rejected(e.getMessage(), Optional.of(target.destination()));
        }
    }

    /** The destination a malformed head names, if its request line is sound, so the audit shows what was asked. */
    private static Optional<Destination> namedIn(String text) {
        String[] parts = text.substring(0, text.indexOf("\r\n")).split(" ", -1);
        try {
            return parts.length == 3 ? Optional.of(target(parts[0], parts[1]).destination()) : Optional.empty();
        } catch (Front.Rejected e) {
            return Optional.empty();
        }
    }

    private static Target target(String method, String target) throws Front.Rejected {
        if (method.equals("CONNECT")) {
            return new Target(destination(target, Protocol.HTTP_CONNECT, OptionalInt.empty()), "");
        }
        if (!target.regionMatches(true, 0, "http://", 0, 7)) {
            throw rejected(target.regionMatches(true, 0, "https://", 0, 8)
                    ? "https:// URLs go through CONNECT, not as a plain request"
                    : target.startsWith("/") ? "a request to a proxy needs an absolute URL (GET http://host/path)"
                    : "unsupported request target '" + target + "'", Optional.empty());
        }
        String rest = target.substring(7);
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String authority = rest.substring(0, end);
        if (authority.contains("@")) {
            throw rejected("user names and passwords in the URL are not forwarded", Optional.empty());
        }
        String path = rest.substring(end);
        int fragment = path.indexOf('#');
        if (fragment >= 0) {
            path = path.substring(0, fragment);
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        return new Target(destination(authority, Protocol.HTTP, OptionalInt.of(80)), path);
    }

    /** {@code host:port} or {@code [v6]:port}; the port may be left out only when there is a default. */
    private static Destination destination(String authority, Protocol protocol, OptionalInt defaultPort)
            throws Front.Rejected {
        String host = authority;
        String port = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0 || (close + 1 < authority.length() && authority.charAt(close + 1) != ':')) {
                throw rejected("malformed host '" + authority + "'", Optional.empty());
            }
            host = authority.substring(0, close + 1);
            port = close + 1 < authority.length() ? authority.substring(close + 2) : "";
        } else if (authority.indexOf(':') >= 0) {
            if (authority.indexOf(':') != authority.lastIndexOf(':')) {
                throw rejected("an IPv6 address needs brackets: '" + authority + "'", Optional.empty());
            }
            host = authority.substring(0, authority.indexOf(':'));
            port = authority.substring(authority.indexOf(':') + 1);
        }
        int number;
        if (port.isEmpty()) {
            number = defaultPort.orElseThrow(() -> rejected("CONNECT needs host:port, got '" + authority + "'",
                    Optional.empty()));
        } else if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw rejected("malformed port in '" + authority + "'", Optional.empty());
        } else {
            number = Integer.parseInt(port);
        }
        try {
            return new Destination(host, number, protocol);
        } catch (IllegalArgumentException e) {
            throw rejected(e.getMessage(), Optional.empty());
        }
    }

    private static Front.Rejected rejected(String why, Optional<Destination> destination) {
        return new Front.Rejected(why, ProxyReplies.badRequest(why), destination);
    }
}
