package dev.airlock.approval;

import dev.airlock.text.Clean;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes argv as a shell would read it back, so a printed command can be pasted as it is. A word with a
 * character {@link Clean} would escape is written in bash's {@code $'...'} form with that character as an
 * escape, so the printed command can neither draw on the screen nor lose a character.
 */
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
        if (word.codePoints().allMatch(Shell::plainChar)) {
            return "'" + word.replace("'", "'\\''") + "'";
        }
        StringBuilder out = new StringBuilder("$'");
        word.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(plainChar(c) ? Character.toString(c)
                        : c > 0xFFFF ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
            }
        });
        return out.append('\'').toString();
    }

    /** Whether a character may stand as itself (a blank does; a run of them is the screen's business). */
    private static boolean plainChar(int c) {
        return Clean.isClean(Character.toString(c));
    }
}
