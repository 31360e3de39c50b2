package dev.airlock.assess;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Host names out of URLs, scp-style remotes ({@code git@github.com:o/r.git}) and bare {@code host[:port]/path}. */
final class Urls {

    private static final Pattern URL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)");
    private static final Pattern SCP = Pattern.compile("^(?:[^@/\\s]+@)?([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]):(?!//)");
    private static final Pattern BARE = Pattern.compile("^([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]+)?([/?#].*)?$");
    private static final Pattern HOST = Pattern.compile("[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|[0-9a-f:.]+");

    private Urls() {
    }

    static boolean hasScheme(String s) {
        return URL.matcher(s).find();
    }

    /** The host of a URL with a scheme; empty for {@code file:} URLs, unknown hosts and anything else. */
    static Optional<String> urlHost(String s) {
        Matcher m = URL.matcher(s);
        if (!m.find() || m.group(1).equalsIgnoreCase("file")) {
            return Optional.empty();
        }
        String authority = m.group(2);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            host = end < 0 ? authority.substring(1) : authority.substring(1, end);
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
        }
        return clean(host);
    }

    /** A URL, an scp-style {@code [user@]host:path}, or a bare {@code host[:port][/path]} that has a dot or a port. */
    static Optional<String> host(String s) {
        if (hasScheme(s)) {
            return urlHost(s);
        }
        Matcher bare = BARE.matcher(s);
        if (bare.matches() && (bare.group(2) != null || bare.group(1).equals("localhost")
                || bare.group(1).matches("[0-9]+(\\.[0-9]+){3}|.*\\.[A-Za-z]{2,}"))) {
            String h = bare.group(1);
            return clean(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
        }
        return scpHost(s);
    }

    /** {@code [user@]host:path} as ssh, scp, rsync and git write remotes. */
    static Optional<String> scpHost(String s) {
        Matcher m = SCP.matcher(s);
        if (!m.find()) {
            return Optional.empty();
        }
        String h = m.group(1);
        return clean(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
    }

    static boolean loopback(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.") || host.equals("::1")
                || host.equals("0.0.0.0") || host.equals("0:0:0:0:0:0:0:1");
    }

    private static Optional<String> clean(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return HOST.matcher(h).matches() && !h.isEmpty() ? Optional.of(h) : Optional.empty();
    }
}
