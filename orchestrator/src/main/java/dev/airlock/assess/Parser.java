package dev.airlock.assess;

import dev.airlock.assess.Lexer.Kind;
import dev.airlock.assess.Lexer.Token;
import dev.airlock.assess.Syntax.Assign;
import dev.airlock.assess.Syntax.Command;
import dev.airlock.assess.Syntax.Compound;
import dev.airlock.assess.Syntax.Function;
import dev.airlock.assess.Syntax.Heredoc;
import dev.airlock.assess.Syntax.Lit;
import dev.airlock.assess.Syntax.Pipeline;
import dev.airlock.assess.Syntax.Redirect;
import dev.airlock.assess.Syntax.Script;
import dev.airlock.assess.Syntax.Seg;
import dev.airlock.assess.Syntax.Simple;
import dev.airlock.assess.Syntax.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser for the POSIX/bash command language Airlock needs: lists, pipelines, subshells,
 * groups, {@code if}/{@code while}/{@code until}/{@code for}/{@code case}, functions, {@code [[ ]]}, {@code (( ))},
 * assignments and redirections. Anything else is a {@link ParseException}, never a guess.
 */
final class Parser {

    /** A parsed {@code $(...)} and the position just after its closing parenthesis. */
    record Sub(Script script, int end) {
    }

    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)(\\[[^\\]]*\\])?\\+?=");
    private static final Set<String> NONE = Set.of();

    /** Compound commands nested deeper than this are refused, so hostile input cannot exhaust the stack. */
    private static final int MAX_NESTING = 100;

    private final Lexer lx;
    private int nesting;

    private Parser(Lexer lx) {
        this.lx = lx;
    }

    static Script parse(String src, int depth) {
        Parser p = new Parser(new Lexer(src, 0, depth));
        Script s = p.list(NONE);
        Token t = p.lx.peek();
        if (t.kind() != Kind.EOF) {
            throw new ParseException("unexpected " + t.describe());
        }
        return s;
    }

    static Sub substitution(String src, int pos, int depth) {
        Parser p = new Parser(new Lexer(src, pos, depth));
        Script s = p.list(NONE);
        if (!p.lx.next().isOp(")")) {
            throw new ParseException("unterminated $(");
        }
        return new Sub(s, p.lx.position());
    }

    private Script list(Set<String> stops) {
        List<Pipeline> out = new ArrayList<>();
        while (true) {
            while (lx.peek().kind() == Kind.NEWLINE || lx.peek().isOp(";", "&")) {
                lx.next();
            }
            if (ends(lx.peek(), stops)) {
                return new Script(out);
            }
            andOr(out);
            Token t = lx.peek();
            if (t.kind() == Kind.NEWLINE || t.isOp(";", "&")) {
                lx.next();
            } else if (!ends(t, stops)) {
                throw new ParseException("unexpected " + t.describe());
            }
        }
    }

    private static boolean ends(Token t, Set<String> stops) {
        if (t.kind() == Kind.EOF || t.isOp(")", ";;", ";&", ";;&")) {
            return true;
        }
        return t.kind() == Kind.WORD && !t.word().quoted() && t.word().literal().map(stops::contains).orElse(false);
    }

    private void andOr(List<Pipeline> out) {
        out.add(pipeline());
        while (lx.peek().isOp("&&", "||")) {
            lx.next();
            skipNewlines();
            out.add(pipeline());
        }
    }

    private Pipeline pipeline() {
        if (lx.peek().isWord("!")) {
            lx.next();
        }
        List<Command> commands = new ArrayList<>();
        commands.add(command());
        while (lx.peek().isOp("|", "|&")) {
            lx.next();
            skipNewlines();
            commands.add(command());
        }
        return new Pipeline(commands);
    }

    private Command command() {
        if (++nesting > MAX_NESTING) {
            throw new ParseException("nested too deeply");
        }
        try {
            return compoundOrSimple();
        } finally {
            nesting--;
        }
    }

    private Command compoundOrSimple() {
        Token t = lx.peek();
        if (t.isOp("(")) {
            lx.next();
            Optional<String> arith = lx.arithmeticCommand();
            if (arith.isPresent()) {
                return new Compound("arith", "", List.of(), List.of(), redirects());
            }
            Script body = list(NONE);
            expectOp(")");
            return new Compound("subshell", "", List.of(body), List.of(), redirects());
        }
        if (t.kind() == Kind.WORD && !t.word().quoted()) {
            String w = t.word().literal().orElse("");
            switch (w) {
                case "{" -> {
                    lx.next();
                    Script body = list(Set.of("}"));
                    expectWord("}");
                    return new Compound("group", "", List.of(body), List.of(), redirects());
                }
                case "if" -> {
                    return ifClause();
                }
                case "while", "until" -> {
                    lx.next();
                    Script cond = list(Set.of("do"));
                    expectWord("do");
                    Script body = list(Set.of("done"));
                    expectWord("done");
                    return new Compound("while", "", List.of(cond, body), List.of(), redirects());
                }
                case "for", "select" -> {
                    return forClause();
                }
                case "case" -> {
                    return caseClause();
                }
                case "function" -> {
                    lx.next();
                    Word name = expectAnyWord();
                    if (lx.peek().isOp("(")) {
                        lx.next();
                        expectOp(")");
                    }
                    skipNewlines();
                    return new Function(name.text(), command());
                }
                case "[[" -> {
                    lx.next();
                    List<Word> words = lx.testWords();
                    return new Compound("test", "", List.of(), words, redirects());
                }
                default -> {
                    return simple();
                }
            }
        }
        return simple();
    }

    private Command ifClause() {
        lx.next();
        List<Script> bodies = new ArrayList<>();
        bodies.add(list(Set.of("then")));
        expectWord("then");
        bodies.add(list(Set.of("elif", "else", "fi")));
        while (lx.peek().isWord("elif")) {
            lx.next();
            bodies.add(list(Set.of("then")));
            expectWord("then");
            bodies.add(list(Set.of("elif", "else", "fi")));
        }
        if (lx.peek().isWord("else")) {
            lx.next();
            bodies.add(list(Set.of("fi")));
        }
        expectWord("fi");
        return new Compound("if", "", bodies, List.of(), redirects());
    }

    private Command forClause() {
        lx.next();
        String name = "";
        List<Word> words = new ArrayList<>();
        if (lx.peek().isOp("(")) {
            lx.next();
            if (lx.arithmeticCommand().isEmpty()) {
                throw new ParseException("expected (( after for");
            }
        } else {
            name = expectAnyWord().text();
            skipNewlines();
            if (lx.peek().isWord("in")) {
                lx.next();
                while (lx.peek().kind() == Kind.WORD) {
                    words.add(lx.next().word());
                }
            }
        }
        if (lx.peek().isOp(";") || lx.peek().kind() == Kind.NEWLINE) {
            lx.next();
        }
        skipNewlines();
        Script body;
        if (lx.peek().isWord("{")) {
            body = new Script(List.of(new Pipeline(List.of(command()))));
        } else {
            expectWord("do");
            body = list(Set.of("done"));
            expectWord("done");
        }
        return new Compound("for", name, List.of(body), words, redirects());
    }

    private Command caseClause() {
        lx.next();
        Word subject = expectAnyWord();
        skipNewlines();
        expectWord("in");
        List<Script> bodies = new ArrayList<>();
        while (true) {
            skipNewlines();
            Token t = lx.peek();
            if (t.isWord("esac")) {
                lx.next();
                break;
            }
            if (t.kind() == Kind.EOF) {
                throw new ParseException("unterminated case");
            }
            if (t.isOp("(")) {
                lx.next();
            }
            expectAnyWord();
            while (lx.peek().isOp("|")) {
                lx.next();
                expectAnyWord();
            }
            expectOp(")");
            bodies.add(list(Set.of("esac")));
            if (lx.peek().isOp(";;", ";&", ";;&")) {
                lx.next();
            }
        }
        return new Compound("case", "", bodies, List.of(subject), redirects());
    }

    private Command simple() {
        List<Assign> assigns = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (true) {
            Token t = lx.peek();
            if (t.isRedirect()) {
                redirects.add(redirect());
            } else if (t.kind() == Kind.WORD) {
                Word w = lx.next().word();
                Optional<Assign> a = words.isEmpty() ? assignment(w) : Optional.empty();
                if (a.isPresent()) {
                    assigns.add(a.get());
                } else if (words.isEmpty() && assigns.isEmpty() && redirects.isEmpty() && lx.peek().isOp("(")) {
                    lx.next();
                    expectOp(")");
                    skipNewlines();
                    return new Function(w.text(), command());
                } else {
                    words.add(w);
                }
            } else {
                break;
            }
        }
        if (assigns.isEmpty() && words.isEmpty() && redirects.isEmpty()) {
            throw new ParseException("unexpected " + lx.peek().describe());
        }
        return new Simple(assigns, words, redirects);
    }

    private static Optional<Assign> assignment(Word w) {
        Matcher m = ASSIGNMENT.matcher(w.raw());
        if (!m.lookingAt() || w.segs().isEmpty() || !(w.segs().getFirst() instanceof Lit first)
                || !first.text().startsWith(m.group())) {
            return Optional.empty();
        }
        List<Seg> value = new ArrayList<>(w.segs());
        String rest = first.text().substring(m.group().length());
        if (rest.isEmpty()) {
            value.removeFirst();
        } else {
            value.set(0, new Lit(rest));
        }
        return Optional.of(new Assign(m.group(1), new Word(w.raw().substring(m.group().length()), value, w.quoted())));
    }

    private List<Redirect> redirects() {
        List<Redirect> out = new ArrayList<>();
        while (lx.peek().isRedirect()) {
            out.add(redirect());
        }
        return out;
    }

    private Redirect redirect() {
        Token op = lx.next();
        Token target = lx.next();
        if (target.kind() != Kind.WORD) {
            throw new ParseException("missing file after '" + op.op() + "'");
        }
        Word w = target.word();
        if (op.isOp("<<", "<<-")) {
            Heredoc h = new Heredoc(w.literal().orElse(w.text()), w.quoted(), op.op().equals("<<-"));
            lx.heredoc(h);
            return new Redirect(op.fd(), op.op(), w, Optional.of(h));
        }
        return new Redirect(op.fd(), op.op(), w, Optional.empty());
    }

    private void skipNewlines() {
        while (lx.peek().kind() == Kind.NEWLINE) {
            lx.next();
        }
    }

    private void expectOp(String op) {
        Token t = lx.next();
        if (!t.isOp(op)) {
            throw new ParseException("expected '" + op + "' but found " + t.describe());
        }
    }

    private void expectWord(String w) {
        Token t = lx.next();
        if (!t.isWord(w)) {
            throw new ParseException("expected '" + w + "' but found " + t.describe());
        }
    }

    private Word expectAnyWord() {
        Token t = lx.next();
        if (t.kind() != Kind.WORD) {
            throw new ParseException("expected a word but found " + t.describe());
        }
        return t.word();
    }
}
