package dev.airlock.text;

/**
 * The one cleaner for text Airlock did not write (commands, file names, hosts, reasons, labels, output) before
 * any screen, page or model sees it. It escapes what can move the cursor, recolour, reorder or hide text: C0 and
 * C1 controls (so every escape sequence: {@code ESC [}, OSC, CSI {@code 0x9b}), bidirectional overrides, isolates
 * and marks, zero-width characters and every other format character, line and paragraph separators, and lone
 * surrogates; and it collapses overlong runs of blanks into a count, so nothing is pushed off the screen. Letters
 * of every script, combining marks and emoji are kept. Escapes read {@code \n}, {@code \t}, {@code \u001b},
 * {@code \U000e0041}; the result of cleaning is clean (cleaning twice changes nothing).
 */
public final class Clean {

    /** Runs of one escaped character longer than this are shown once, with a count. */
    public static final int REPEATS = 8;
    /** Runs of blanks (spaces, tabs, other spacing characters) longer than this are shown as a count. */
    public static final int BLANKS = 40;
    /** Runs of empty lines longer than this are shown as a count ({@link #lines} only). */
    public static final int EMPTY_LINES = 8;

    private Clean() {
    }

    /** One line: newlines and tabs are escaped too, so the text cannot start a line of its own. */
    public static String line(String text) {
        return clean(text, false);
    }

    /**
     * Text of many lines (a command's output, a diff): newlines and tabs kept, everything else as {@link #line}
     * does; long runs of empty lines are shown as a count.
     */
    public static String lines(String text) {
        return clean(text, true);
    }

    /**
     * A JSON text (as a JSON writer produced it) with every character {@link #line} would escape written as a
     * JSON escape ({@code \u202e}, a pair for a supplementary one): the same data for any JSON reader, and
     * nothing a screen draws when the document is printed. Outside strings such a writer emits ASCII only.
     */
    public static String json(String json) {
        StringBuilder out = new StringBuilder(json.length());
        json.codePoints().forEach(c -> {
            if (c < 0x7F || shown(c)) {
                out.appendCodePoint(c);
            } else {
                for (char unit : Character.toChars(c)) {
                    out.append(String.format("\\u%04x", (int) unit));
                }
            }
        });
        return out.toString();
    }

    /** Whether {@link #line} would leave the text as it is. */
    public static boolean isClean(String text) {
        return line(text).equals(text);
    }

    private static String clean(String text, boolean multiline) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        int n = text.length();
        while (i < n) {
            int c = text.codePointAt(i);
            if (isBlank(c, multiline)) {
                int end = i;
                while (end < n && isBlank(text.charAt(end), multiline)) {
                    end++;
                }
                if (end - i > BLANKS) {
                    out.append(" [").append(end - i).append(" blanks] ");
                } else {
                    out.append(text, i, end);
                }
                i = end;
                continue;
            }
            if (multiline && c == '\n') {
                int end = i;
                while (end < n && text.charAt(end) == '\n') {
                    end++;
                }
                // a run of k newlines holds k-1 empty lines
                if (end - i - 1 > EMPTY_LINES) {
                    out.append("\n[").append(end - i - 1).append(" empty lines]\n");
                } else {
                    out.append(text, i, end);
                }
                i = end;
                continue;
            }
            int width = Character.charCount(c);
            int end = i + width;
            while (!shown(c) && end < n && text.codePointAt(end) == c) {
                end += width;
            }
            escape(out, c);
            int times = (end - i) / width;
            if (times > REPEATS) {
                out.append('[').append(times).append(" times]");
            } else {
                for (int k = 1; k < times; k++) {
                    escape(out, c);
                }
            }
            i = end;
        }
        return out.toString();
    }

    /** Blanks whose runs are counted: a space, a no-break or other fixed-width space, and (in many lines) a tab. */
    private static boolean isBlank(int c, boolean multiline) {
        return c == ' ' || (multiline && c == '\t') || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    private static void escape(StringBuilder out, int c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            default -> {
                if (shown(c)) {
                    out.appendCodePoint(c);
                } else if (c > 0xFFFF) {
                    out.append(String.format("\\U%08x", c));
                } else {
                    out.append(String.format("\\u%04x", c));
                }
            }
        }
    }

    /** Whether a character may reach a screen as it is ({@code \n} and {@code \t} are decided before this). */
    private static boolean shown(int c) {
        if (c == '\u115f' || c == '\u1160' || c == '\u3164' || c == '\uffa0') {
            return false; // Hangul fillers: letters by category, drawn as nothing
        }
        return switch (Character.getType(c)) {
            // C0, DEL, C1; bidi controls, zero-width and every other format character; U+2028, U+2029;
            // lone surrogates (a pair was read as one code point before this)
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> false;
            default -> true;
        };
    }
}
