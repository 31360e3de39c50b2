package dev.airlock.assess;

/** Decodes bash's ANSI-C quoting, {@code $'...'}: backslash escapes such as {@code \n}, {@code \x41}, {@code \u00e9}. */
final class AnsiC {

    /** The decoded text and the position just after the closing quote. */
    record Decoded(String text, int end) {
    }

    private AnsiC() {
    }

    /** Decodes from {@code pos}, just after {@code $'}, up to the closing quote. */
    static Decoded decode(String src, int pos) {
        StringBuilder b = new StringBuilder();
        int[] at = {pos};
        while (true) {
            if (at[0] >= src.length()) {
                throw new ParseException("unterminated $'");
            }
            char c = src.charAt(at[0]++);
            if (c == '\'') {
                return new Decoded(b.toString(), at[0]);
            }
            if (c != '\\' || at[0] >= src.length()) {
                b.append(c);
                continue;
            }
            char e = src.charAt(at[0]++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'v' -> b.append('\u000b');
                case 'e', 'E' -> b.append('\u001b');
                case 'x' -> b.appendCodePoint(number(src, at, 16, 2));
                case 'u' -> b.appendCodePoint(number(src, at, 16, 4));
                case 'U' -> b.appendCodePoint(number(src, at, 16, 8));
                case 'c' -> {
                    if (at[0] < src.length()) {
                        b.append((char) (src.charAt(at[0]++) & 0x1f));
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        at[0]--;
                        b.appendCodePoint(number(src, at, 8, 3));
                    } else {
                        b.append(e);
                    }
                }
            }
        }
    }

    /** Up to {@code max} digits in {@code radix}; an invalid code point becomes {@code ?}. */
    private static int number(String src, int[] at, int radix, int max) {
        int start = at[0];
        while (at[0] < src.length() && at[0] - start < max && Character.digit(src.charAt(at[0]), radix) >= 0) {
            at[0]++;
        }
        if (at[0] == start) {
            return 0;
        }
        long v = Long.parseLong(src, start, at[0], radix);
        return v <= Character.MAX_CODE_POINT && Character.isValidCodePoint((int) v) ? (int) v : '?';
    }
}
