package dev.airlock.session;

import dev.airlock.profile.NetworkMode;
import dev.airlock.profile.Profile;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a command that failed because of the sandbox rather than its own fault: a write refused by the
 * read-only workspace, or a connection refused because there is no network. Only those two: they are what
 * a stronger profile fixes.
 */
enum SandboxDenial {
    READ_ONLY_WORKSPACE("the workspace is read-only in this profile"),
    NO_NETWORK("there is no network in this profile");

    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])/[\\w./+-]+");
    private static final List<String> NETWORK_SIGNS = List.of("Could not resolve host", "Temporary failure in name resolution",
            "Name or service not known", "Network is unreachable", "getaddrinfo", "ENOTFOUND", "EAI_AGAIN",
            "Failed to establish a new connection", "Could not resolve hostname", "No address associated with hostname",
            "nodename nor servname", "Unknown host", "UnknownHostException", "Resolving timed out", "unable to resolve host");

    private final String description;

    SandboxDenial(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** What stopped a failed command, judged from the tail of its output and the profile it ran with. */
    static Optional<SandboxDenial> of(int exitCode, String output, Profile profile) {
        if (exitCode == 0) {
            return Optional.empty();
        }
        if (!profile.workspace().writable() && output.lines().anyMatch(SandboxDenial::workspaceWriteRefused)) {
            return Optional.of(READ_ONLY_WORKSPACE);
        }
        if (profile.network() == NetworkMode.NONE && NETWORK_SIGNS.stream().anyMatch(output::contains)) {
            return Optional.of(NO_NETWORK);
        }
        return Optional.empty();
    }

    /** A read-only error about the workspace, not about the image's own read-only root ({@code /etc}, {@code /usr}). */
    private static boolean workspaceWriteRefused(String line) {
        if (!line.contains("Read-only file system") && !line.contains("EROFS")) {
            return false;
        }
        Matcher m = ABSOLUTE_PATH.matcher(line);
        while (m.find()) {
            String path = m.group();
            if (!path.startsWith("/workspace") && !path.startsWith("/tmp") && !path.startsWith("/home/airlock")) {
                return false;
            }
        }
        return true;
    }
}
