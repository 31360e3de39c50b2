package dev.airlock.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A git config file read the way git reads it, with no git run: sections ({@code [core]}), quoted
 * subsections ({@code [remote "origin"]}, case kept), the old {@code [section.sub]} form, variables with or
 * without a value, quotes, escapes, comments and continuation lines. Section and variable names are case-
 * insensitive and come out lower case. Text git would refuse is {@link Malformed}.
 */
public final class GitConfig {

    /**
     * One variable as set in the file.
     *
     * @param section    lower case
     * @param subsection as written (case-sensitive), empty when none
     * @param name       lower case
     * @param value      empty for a bare {@code name} (git reads it as true)
     */
    public record Entry(String section, Optional<String> subsection, String name, Optional<String> value) {

        /** {@code section.subsection.name}, the way {@code git config --list} prints it. */
        public String key() {
            return section + subsection.map(s -> "." + s).orElse("") + "." + name;
        }
    }

    /** The file is not valid git config: git itself would refuse it, but it cannot be checked either. */
    public static final class Malformed extends Exception {
        Malformed(int line, String what) {
            super("line " + line + ": " + what);
        }
    }

    private final String text;
    private int pos;
    private int line = 1;

    private GitConfig(String text) {
        this.text = text;
    }

    public static List<Entry> parse(String text) throws Malformed {
        return new GitConfig(text.startsWith("\uFEFF") ? text.substring(1) : text).entries();
    }

    private List<Entry> entries() throws Malformed {
        List<Entry> out = new ArrayList<>();
        String section = null;
        Optional<String> subsection = Optional.empty();
        while (true) {
            skipBlanks();
            if (pos >= text.length()) {
                return out;
            }
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '#' || c == ';') {
                skipLine();
            } else if (c == '[') {
                pos++;
                String[] header = header();
                section = header[0];
                subsection = Optional.ofNullable(header[1]);
            } else if (Character.isLetter(c)) {
                if (section == null) {
                    throw new Malformed(line, "a variable before any section");
                }
                String name = name();
                skipBlanks();
                Optional<String> value = Optional.empty();
                if (pos < text.length() && text.charAt(pos) == '=') {
                    pos++;
                    value = Optional.of(value());
                } else if (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '#' && text.charAt(pos) != ';') {
                    throw new Malformed(line, "expected = after " + name);
                }
                out.add(new Entry(section, subsection, name, value));
            } else {
                throw new Malformed(line, "unexpected character");
            }
        }
    }

    private String[] header() throws Malformed {
        StringBuilder name = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '.') {
                name.append(c);
                pos++;
            } else {
                break;
            }
        }
        if (pos >= text.length()) {
            throw new Malformed(line, "unterminated section header");
        }
        char c = text.charAt(pos);
        if (c == ']') {
            pos++;
            String full = name.toString();
            int dot = full.indexOf('.');
            if (full.isEmpty() || dot == 0) {
                throw new Malformed(line, "empty section name");
            }
            // the old [section.sub] spelling: the subsection is lower-cased, as git does
            return dot < 0 ? new String[] {lower(full), null}
                    : new String[] {lower(full.substring(0, dot)), lower(full.substring(dot + 1))};
        }
        if (!Character.isWhitespace(c) || c == '\n' || name.isEmpty() || name.indexOf(".") >= 0) {
            throw new Malformed(line, "bad section header");
        }
        skipBlanks();
        if (pos >= text.length() || text.charAt(pos) != '"') {
            throw new Malformed(line, "a subsection must be quoted");
        }
        pos++;
        StringBuilder sub = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw new Malformed(line, "unterminated subsection");
            }
            char s = text.charAt(pos++);
            if (s == '"') {
                break;
            }
            if (s == '\\') {
                if (pos >= text.length() || text.charAt(pos) == '\n') {
                    throw new Malformed(line, "unterminated subsection");
                }
                s = text.charAt(pos++); // any escaped character stands for itself
            }
            sub.append(s);
        }
        if (pos >= text.length() || text.charAt(pos) != ']') {
            throw new Malformed(line, "expected ] after the subsection");
        }
        pos++;
        return new String[] {lower(name.toString()), sub.toString()};
    }

    private String name() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '-')) {
            pos++;
        }
        return lower(text.substring(start, pos));
    }

    private String value() throws Malformed {
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        int trailingSpace = 0; // unquoted trailing blanks are dropped
        skipBlanks();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\n') {
                if (quoted) {
                    throw new Malformed(line, "unterminated quote");
                }
                line++;
                break;
            }
            if (!quoted && (c == '#' || c == ';')) {
                skipLine();
                break;
            }
            if (c == '"') {
                quoted = !quoted;
                trailingSpace = 0;
                continue;
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    throw new Malformed(line, "a backslash at the end of the file");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '\n' -> {
                        line++;
                        continue; // a continuation line
                    }
                    case '\r' -> {
                        if (pos < text.length() && text.charAt(pos) == '\n') {
                            pos++;
                            line++;
                            continue;
                        }
                        throw new Malformed(line, "bad escape");
                    }
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'b' -> {
                        if (!value.isEmpty()) {
                            value.setLength(value.length() - 1);
                        }
                    }
                    case '"', '\\' -> value.append(e);
                    default -> throw new Malformed(line, "bad escape");
                }
                trailingSpace = 0;
                continue;
            }
            if (!quoted && (c == ' ' || c == '\t' || c == '\r')) {
                if (!value.isEmpty()) {
                    value.append(c);
                    trailingSpace++;
                }
                continue;
            }
            value.append(c);
            trailingSpace = 0;
        }
        if (quoted) {
            throw new Malformed(line, "unterminated quote");
        }
        value.setLength(value.length() - trailingSpace);
        return value.toString();
    }

    private void skipBlanks() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == '\r')) {
            pos++;
        }
    }

    private void skipLine() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
