package dev.airlock.session;

import dev.airlock.scope.PathPatterns;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a command that failed on one of Airlock's protected paths ({@code .git/config}, hooks, host tools'
 * files) and says why, instead of leaving the person with a bare "Device or resource busy" or "Read-only file
 * system": what is protected, why, and what to do. Pure: the output tail in, a notice out.
 */
final class ProtectedWrites {

    private static final List<String> SIGNS = List.of("Device or resource busy", "Read-only file system", "EBUSY", "EROFS");
    private static final Pattern PATH = Pattern.compile("[\\w@%+=:,./-]*[\\w.]");

    private ProtectedWrites() {
    }

    /**
     * The notice for a command whose output names a protected path next to a refused write. Its exit status
     * does not matter: a script that carries on past the refusal (and exits 0) deserves the explanation too.
     *
     * @param protectedPaths the patterns kept read-only for the command (protected, host tools', pinned)
     */
    static Optional<String> notice(String commandId, String output, List<String> protectedPaths) {
        if (protectedPaths.isEmpty()) {
            return Optional.empty();
        }
        PathPatterns patterns = PathPatterns.of(protectedPaths);
        Set<String> hit = new LinkedHashSet<>();
        for (String line : output.lines().toList()) {
            if (SIGNS.stream().noneMatch(line::contains)) {
                continue;
            }
            Matcher m = PATH.matcher(line);
            while (m.find()) {
                relative(m.group()).filter(p -> isProtected(p, patterns)).ifPresent(hit::add);
            }
        }
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        String names = String.join(", ", hit.stream().limit(3).toList()) + (hit.size() > 3 ? ", ..." : "");
        boolean config = hit.stream().anyMatch(p -> p.endsWith(".git/config"));
        return Optional.of(commandId + " could not write " + names + ": Airlock protects it (that is the \"Device or resource "
                + "busy\" or \"Read-only file system\" above). Git config, hooks and the files host tools load stay read-only "
                + "in the sandbox, because git, your editor or an agent on the host would run what they name. "
                + (config ? "A command that is one git config write that runs nothing (git config user.email ..., "
                        + "git remote add NAME URL) may write .git/config: run it on its own, not inside a script. " : "")
                + "Otherwise change it on the host yourself, after reading what it says, or ask for the command to be "
                + "approved (a command the assessment sees writing it is asked about and, approved, may write it).");
    }

    /** The workspace-relative path a word of the output names, when it names one. */
    static Optional<String> relative(String word) {
        String w = word.replaceAll("^['\"`(]+|['\":,`)]+$", "");
        if (w.startsWith("/workspace/")) {
            w = w.substring("/workspace/".length());
        } else if (w.startsWith("/")) {
            return Optional.empty();
        }
        while (w.startsWith("./")) {
            w = w.substring(2);
        }
        return w.isEmpty() || w.startsWith("..") ? Optional.empty() : Optional.of(w);
    }

    /** The path, or a folder holding it, is protected. */
    private static boolean isProtected(String path, PathPatterns patterns) {
        if (patterns.matches(path, false)) {
            return true;
        }
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            if (patterns.matches(path.substring(0, i), true)) {
                return true;
            }
        }
        return false;
    }
}
