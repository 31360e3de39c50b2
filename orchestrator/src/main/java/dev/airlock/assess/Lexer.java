package dev.airlock.assess;

import dev.airlock.assess.Syntax.Arith;
import dev.airlock.assess.Syntax.Heredoc;
import dev.airlock.assess.Syntax.Lit;
import dev.airlock.assess.Syntax.Param;
import dev.airlock.assess.Syntax.Script;
import dev.airlock.assess.Syntax.Seg;
import dev.airlock.assess.Syntax.Subst;
import dev.airlock.assess.Syntax.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Splits shell text into words and operators as bash does: quotes, escapes, expansions (parsed recursively for
 * {@code $(...)} and backquotes), comments, line continuations and here-document bodies.
 */
final class Lexer {

    enum Kind { WORD, OP, NEWLINE, EOF }

    record Token(Kind kind, String op, int fd, Word word) {
        boolean isOp(String... ops) {
            if (kind != Kind.OP) {
                return false;
            }
            for (String o : ops) {
                if (o.equals(op)) {
                    return true;
                }
            }
            return false;
        }

        boolean isWord(String w) {
            return kind == Kind.WORD && word.is(w);
        }

        boolean isRedirect() {
            return kind == Kind.OP && REDIRECTS.contains(op);
        }

        String describe() {
            return switch (kind) {
                case WORD -> "'" + word.raw() + "'";
                case OP -> "'" + op + "'";
                case NEWLINE -> "end of line";
                case EOF -> "end of input";
            };
        }
    }

    /** Nesting limit for substitutions and nested shells, so hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 12;

    static final Set<String> REDIRECTS = Set.of("&>>", "<<<", "<<-", "&>", "<<", "<>", "<&", ">>", ">|", ">&", "<", ">");
    private static final String[] OPS = {";;&", "&>>", "<<<", "<<-", "&&", "||", ";;", ";&", "|&", "&>", "<<", "<>",
            "<&", ">>", ">|", ">&", "&", "|", ";", "(", ")", "<", ">"};
    private static final Token EOF_TOKEN = new Token(Kind.EOF, "", -1, null);
    private static final Token NEWLINE_TOKEN = new Token(Kind.NEWLINE, "\n", -1, null);
    private static final char UNSET = '\0';

    private final String src;
    private final int depth;
    private final List<Heredoc> pending = new ArrayList<>();
    private int pos;
    private Token peeked;

    Lexer(String src, int pos, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ParseException("nested too deeply");
        }
        this.src = src;
        this.pos = pos;
        this.depth = depth;
    }

    Token peek() {
        if (peeked == null) {
            peeked = lex();
        }
        return peeked;
    }

    Token next() {
        Token t = peek();
        peeked = null;
        return t;
    }

    /** Where the next token starts, once the last one is consumed. */
    int position() {
        return pos;
    }

    int depth() {
        return depth;
    }

    /** A here-document opened on this line; its body starts after the next newline. */
    void heredoc(Heredoc h) {
        pending.add(h);
    }

    /** After a consumed {@code (}: is this {@code ((...))} arithmetic? Then consume it and return its text. */
    Optional<String> arithmeticCommand() {
        if (peeked != null || at(pos) != '(') {
            return Optional.empty();
        }
        int end = arithEnd(pos + 1);
        if (end < 0) {
            return Optional.empty();
        }
        String raw = src.substring(pos - 1, end);
        pos = end;
        return Optional.of(raw);
    }

    /** The words of a {@code [[ ... ]]} test, where {@code < > ( ) && ||} are operands, up to {@code ]]}. */
    List<Word> testWords() {
        List<Word> words = new ArrayList<>();
        while (true) {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
            if (pos >= src.length()) {
                throw new ParseException("unterminated [[");
            }
            Word w = readWord(true);
            if (w.is("]]")) {
                return words;
            }
            words.add(w);
        }
    }

    private Token lex() {
        skipBlanks();
        if (pos >= src.length()) {
            pending.clear();
            return EOF_TOKEN;
        }
        char c = src.charAt(pos);
        if (c == '\n') {
            pos++;
            readHeredocs();
            return NEWLINE_TOKEN;
        }
        if ((c == '<' || c == '>') && at(pos + 1) == '(') {
            return new Token(Kind.WORD, "", -1, readWord(false));
        }
        int digits = pos;
        while (digits < src.length() && digits - pos < 4 && Character.isDigit(src.charAt(digits))) {
            digits++;
        }
        if (digits > pos && (at(digits) == '<' || at(digits) == '>') && at(digits + 1) != '(') {
            int fd = Integer.parseInt(src, pos, digits, 10);
            String op = operatorAt(digits);
            if (op != null && REDIRECTS.contains(op)) {
                pos = digits + op.length();
                return new Token(Kind.OP, op, fd, null);
            }
        }
        String op = operatorAt(pos);
        if (op != null) {
            pos += op.length();
            return new Token(Kind.OP, op, -1, null);
        }
        return new Token(Kind.WORD, "", -1, readWord(false));
    }

    private String operatorAt(int i) {
        for (String op : OPS) {
            if (src.startsWith(op, i)) {
                return op;
            }
        }
        return null;
    }

    private void skipBlanks() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '\\' && at(pos + 1) == '\n') {
                pos += 2;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private static boolean isMeta(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == '('
                || c == ')' || c == '<' || c == '>';
    }

    private Word readWord(boolean test) {
        int start = pos;
        if (test && src.startsWith("]]", pos) && (pos + 2 >= src.length() || isMeta(src.charAt(pos + 2)))) {
            pos += 2;
            return Word.literal("]]");
        }
        StringBuilder lit = new StringBuilder();
        List<Seg> segs = new ArrayList<>();
        boolean quoted = false;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if ((c == '<' || c == '>') && at(pos + 1) == '(' && pos == start) {
                Parser.Sub sub = Parser.substitution(src, pos + 2, depth + 1);
                pos = sub.end();
                segs.add(new Subst(Optional.of(sub.script()), src.substring(start, pos), true));
                continue;
            }
            if (c == '(' && !test && segs.isEmpty() && lit.toString().matches("[A-Za-z_][A-Za-z0-9_]*\\+?=")) {
                int end = parenEnd(pos + 1);
                lit.append(src, pos, end);
                pos = end;
                continue;
            }
            if (test ? (Character.isWhitespace(c) || c == ';') : isMeta(c)) {
                break;
            }
            switch (c) {
                case '\\' -> {
                    if (at(pos + 1) == '\n') {
                        pos += 2;
                    } else if (pos + 1 < src.length()) {
                        lit.append(src.charAt(pos + 1));
                        pos += 2;
                        quoted = true;
                    } else {
                        lit.append('\\');
                        pos++;
                    }
                }
                case '\'' -> {
                    int end = src.indexOf('\'', pos + 1);
                    if (end < 0) {
                        throw new ParseException("unterminated single quote");
                    }
                    lit.append(src, pos + 1, end);
                    pos = end + 1;
                    quoted = true;
                }
                case '"' -> {
                    pos++;
                    readDouble(lit, segs);
                    quoted = true;
                }
                case '$' -> quoted |= readDollar(lit, segs, false);
                case '`' -> readBacktick(lit, segs);
                case '~' -> {
                    if (pos == start) {
                        readTilde(segs);
                    } else {
                        lit.append(c);
                        pos++;
                    }
                }
                default -> {
                    lit.append(c);
                    pos++;
                }
            }
        }
        flush(lit, segs);
        if (pos == start) {
            throw new ParseException("unexpected '" + at(pos) + "'");
        }
        return new Word(src.substring(start, pos), segs, quoted);
    }

    private void readTilde(List<Seg> segs) {
        int e = pos + 1;
        while (e < src.length() && (Character.isLetterOrDigit(src.charAt(e)) || "._-".indexOf(src.charAt(e)) >= 0)) {
            e++;
        }
        String user = src.substring(pos + 1, e);
        segs.add(new Param(user.isEmpty() ? "HOME" : "~" + user, src.substring(pos, e)));
        pos = e;
    }

    private void readDouble(StringBuilder lit, List<Seg> segs) {
        while (true) {
            if (pos >= src.length()) {
                throw new ParseException("unterminated double quote");
            }
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\') {
                char n = at(pos + 1);
                if (n == '$' || n == '`' || n == '"' || n == '\\') {
                    lit.append(n);
                    pos += 2;
                } else if (n == '\n') {
                    pos += 2;
                } else {
                    lit.append('\\');
                    pos++;
                }
            } else if (c == '$') {
                readDollar(lit, segs, true);
            } else if (c == '`') {
                readBacktick(lit, segs);
            } else {
                lit.append(c);
                pos++;
            }
        }
    }

    /** Reads an expansion starting at {@code $}; returns true when it was a quoted string ({@code $'..'}, {@code $".."}). */
    private boolean readDollar(StringBuilder lit, List<Seg> segs, boolean inDouble) {
        int start = pos;
        char n = at(pos + 1);
        if (n == '(') {
            if (at(pos + 2) == '(') {
                int end = arithEnd(pos + 3);
                if (end > 0) {
                    flush(lit, segs);
                    pos = end;
                    segs.add(new Arith(src.substring(start, end)));
                    return false;
                }
            }
            flush(lit, segs);
            Parser.Sub sub = Parser.substitution(src, pos + 2, depth + 1);
            pos = sub.end();
            segs.add(new Subst(Optional.of(sub.script()), src.substring(start, pos)));
            return false;
        }
        if (n == '{') {
            int end = braceEnd(pos + 2);
            String raw = src.substring(start, end);
            String body = raw.substring(2, raw.length() - 1);
            flush(lit, segs);
            pos = end;
            if (body.contains("$(") || body.contains("`")) {
                segs.add(new Subst(Optional.empty(), raw));
            } else {
                segs.add(new Param(body.replaceFirst("^[#!]", "").replaceFirst("[^A-Za-z0-9_@*#?$!-].*$", ""), raw));
            }
            return false;
        }
        if (!inDouble && n == '\'') {
            AnsiC.Decoded d = AnsiC.decode(src, pos + 2);
            lit.append(d.text());
            pos = d.end();
            return true;
        }
        if (!inDouble && n == '"') {
            pos += 2;
            readDouble(lit, segs);
            return true;
        }
        if (Character.isLetter(n) || n == '_') {
            int e = pos + 1;
            while (e < src.length() && (Character.isLetterOrDigit(src.charAt(e)) || src.charAt(e) == '_')) {
                e++;
            }
            flush(lit, segs);
            segs.add(new Param(src.substring(pos + 1, e), src.substring(pos, e)));
            pos = e;
            return false;
        }
        if (n != UNSET && (Character.isDigit(n) || "@*#?$!-".indexOf(n) >= 0)) {
            flush(lit, segs);
            segs.add(new Param(String.valueOf(n), "$" + n));
            pos += 2;
            return false;
        }
        lit.append('$');
        pos++;
        return false;
    }

    private void readBacktick(StringBuilder lit, List<Seg> segs) {
        int start = pos;
        pos++;
        StringBuilder inner = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw new ParseException("unterminated backquote");
            }
            char c = src.charAt(pos);
            if (c == '`') {
                pos++;
                break;
            }
            char n = at(pos + 1);
            if (c == '\\' && (n == '`' || n == '\\' || n == '$')) {
                inner.append(n);
                pos += 2;
            } else {
                inner.append(c);
                pos++;
            }
        }
        flush(lit, segs);
        Optional<Script> script;
        try {
            script = Optional.of(Parser.parse(inner.toString(), depth + 1));
        } catch (ParseException e) {
            script = Optional.empty();
        }
        segs.add(new Subst(script, src.substring(start, pos)));
    }

    private void readHeredocs() {
        for (Heredoc h : pending) {
            StringBuilder body = new StringBuilder();
            while (pos < src.length()) {
                int eol = src.indexOf('\n', pos);
                int end = eol < 0 ? src.length() : eol;
                String line = src.substring(pos, end);
                pos = eol < 0 ? src.length() : eol + 1;
                String check = h.stripTabs ? line.replaceFirst("^\t+", "") : line;
                if (check.equals(h.delimiter) || check.equals(h.delimiter + "\r")) {
                    break;
                }
                body.append(check).append('\n');
            }
            h.body = h.quoted ? Word.literal(body.toString()) : expandBody(body.toString());
        }
        pending.clear();
    }

    /** An unquoted here-document body: parameter and command expansions apply, as inside double quotes. */
    private Word expandBody(String body) {
        Lexer sub = new Lexer(body, 0, depth + 1);
        StringBuilder lit = new StringBuilder();
        List<Seg> segs = new ArrayList<>();
        try {
            while (sub.pos < body.length()) {
                char c = body.charAt(sub.pos);
                char n = sub.at(sub.pos + 1);
                if (c == '\\' && (n == '$' || n == '`' || n == '\\')) {
                    lit.append(n);
                    sub.pos += 2;
                } else if (c == '\\' && n == '\n') {
                    sub.pos += 2;
                } else if (c == '$') {
                    sub.readDollar(lit, segs, true);
                } else if (c == '`') {
                    sub.readBacktick(lit, segs);
                } else {
                    lit.append(c);
                    sub.pos++;
                }
            }
        } catch (ParseException e) {
            return new Word(body, List.of(new Subst(Optional.empty(), "here-document")), false);
        }
        sub.flush(lit, segs);
        return new Word(body, segs, false);
    }

    private int arithEnd(int i) {
        int d = 0;
        for (; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '(') {
                d++;
            } else if (c == ')') {
                if (d == 0) {
                    return at(i + 1) == ')' ? i + 2 : -1;
                }
                d--;
            }
        }
        return -1;
    }

    private int braceEnd(int i) {
        return closing(i, '{', '}', "unterminated ${");
    }

    private int parenEnd(int i) {
        return closing(i, '(', ')', "unterminated array (");
    }

    /** The index after the {@code close} that balances an already open {@code open}, skipping quotes and escapes. */
    private int closing(int i, char open, char close, String unterminated) {
        int d = 1;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\'' || c == '"') {
                int quote = src.indexOf(c, i + 1);
                if (quote < 0) {
                    break;
                }
                i = quote + 1;
                continue;
            }
            if (c == open) {
                d++;
            } else if (c == close && --d == 0) {
                return i + 1;
            }
            i++;
        }
        throw new ParseException(unterminated);
    }

    private void flush(StringBuilder lit, List<Seg> segs) {
        if (!lit.isEmpty()) {
            segs.add(new Lit(lit.toString()));
            lit.setLength(0);
        }
    }

    private char at(int i) {
        return i >= 0 && i < src.length() ? src.charAt(i) : UNSET;
    }
}
