package dev.airlock.assess;

import java.util.regex.Pattern;

/**
 * A command word as the rules see it.
 *
 * @param text  for people: the literal value, or the word as written when it has expansions ({@code $DIR/x})
 * @param value for locating it: expansions Airlock knows are substituted, the others are {@link #UNKNOWN};
 *              a leading {@code ~} stands for the home directory
 * @param exact the value has no unknown part
 */
record Arg(String text, String value, boolean exact) {

    /** Stands in the value for whatever the shell would substitute at run time. */
    static final char UNKNOWN = '\0';

    /** The text of operands {@code xargs} and {@code parallel} append from their input. */
    static final String FROM_INPUT = "(paths from input)";

    private static final Pattern EXPANSION = Pattern.compile(
            "\\$\\{[^}]*\\}|\\$\\([^)]*\\)|\\$[A-Za-z_][A-Za-z0-9_]*|\\$[0-9@*#?$!-]|`[^`]*`");

    static Arg of(String literal) {
        return new Arg(literal, literal, true);
    }

    /** An operand Airlock cannot know, such as what {@code xargs} appends. */
    static Arg unknown(String text) {
        return new Arg(text, String.valueOf(UNKNOWN), false);
    }

    /** The rest of this word from {@code from}, e.g. the file of {@code --output=FILE} or {@code of=FILE}. */
    Arg from(int from) {
        String t = text.substring(Math.min(from, text.length()));
        return exact ? Arg.of(t) : new Arg(t, EXPANSION.matcher(t).replaceAll(String.valueOf(UNKNOWN)), false);
    }

    boolean isOption() {
        return text.length() > 1 && text.startsWith("-");
    }
}
