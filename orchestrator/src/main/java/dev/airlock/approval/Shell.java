package dev.airlock.approval;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Writes argv as a POSIX shell would read it back, so a printed command can be pasted as it is. */
final class Shell {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {
    }

    static String quote(List<String> argv) {
        return argv.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    static String quote(String word) {
        if (!word.isEmpty() && PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
