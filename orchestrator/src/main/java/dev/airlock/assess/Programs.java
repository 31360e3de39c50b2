package dev.airlock.assess;

import java.util.Set;

/** Program names: how a command word becomes the name rules are looked up by. */
final class Programs {

    static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh", "mksh", "pdksh", "fish", "ash", "csh",
            "tcsh", "yash", "rbash");

    /** Wrapper scripts that projects keep next to their sources and that stand for a known program. */
    static final Set<String> WRAPPER_SCRIPTS = Set.of("gradlew", "mvnw");

    private Programs() {
    }

    /** {@code /usr/bin/git} is {@code git}. */
    static String basename(String word) {
        String w = word;
        while (w.length() > 1 && w.endsWith("/")) {
            w = w.substring(0, w.length() - 1);
        }
        int slash = w.lastIndexOf('/');
        return slash < 0 || w.length() == 1 ? w : w.substring(slash + 1);
    }

    /** Versioned names fall back to their family: {@code python3.12} is {@code python}, {@code gcc-13} is {@code gcc}. */
    static String family(String name) {
        return name.replaceFirst("(?<=[A-Za-z])[0-9][0-9.]*$", "").replaceFirst("-[0-9][0-9.]*$", "");
    }

    /** A command word that is a path into a program directory ({@code /usr/bin/x}, {@code .venv/bin/x}, {@code node_modules/.bin/x}). */
    static boolean inProgramDir(String word) {
        return word.matches("(.*/)?\\.?bin/[^/]+") || word.matches("/(usr|opt|nix|snap)/.*");
    }
}
