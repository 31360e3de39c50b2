package dev.airlock.assess;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The shell syntax tree that {@link Parser} builds and {@link Walker} reads; immutable but for here-document bodies. */
final class Syntax {

    private Syntax() {
    }

    /** Pipelines joined by {@code ;}, {@code &}, {@code &&}, {@code ||} or newlines: any of them may run. */
    record Script(List<Pipeline> pipelines) {
        Script {
            pipelines = List.copyOf(pipelines);
        }
    }

    record Pipeline(List<Command> commands) {
        Pipeline {
            commands = List.copyOf(commands);
        }
    }

    sealed interface Command permits Simple, Compound, Function {
    }

    record Simple(List<Assign> assigns, List<Word> words, List<Redirect> redirects) implements Command {
        Simple {
            assigns = List.copyOf(assigns);
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    /**
     * A compound command: {@code subshell}, {@code group}, {@code if}, {@code while}, {@code for}, {@code case},
     * {@code test} ({@code [[ ]]}) or {@code arith} ({@code (( ))}). Its bodies may run; its words are expanded.
     *
     * @param name the loop variable of a {@code for}, else empty
     */
    record Compound(String kind, String name, List<Script> bodies, List<Word> words, List<Redirect> redirects)
            implements Command {
        Compound {
            bodies = List.copyOf(bodies);
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    record Function(String name, Command body) implements Command {
    }

    record Assign(String name, Word value) {
    }

    /** A redirection; {@code fd} is -1 when not written. Here-documents carry their body. */
    record Redirect(int fd, String op, Word target, Optional<Heredoc> heredoc) {

        private static final Set<String> WRITES = Set.of(">", ">>", ">|", "&>", "&>>", "<>");

        boolean writes() {
            if (WRITES.contains(op)) {
                return true;
            }
            // ">& file" is the csh spelling of "&>"; ">&2" and ">&-" only duplicate or close descriptors
            return op.equals(">&") && !target.literal().map(t -> t.equals("-") || t.chars().allMatch(Character::isDigit))
                    .orElse(false);
        }

        boolean reads() {
            return op.equals("<") || op.equals("<>");
        }
    }

    /** A here-document: the body is read after the line that opens it, so it is filled in later. */
    static final class Heredoc {
        final String delimiter;
        final boolean quoted;
        final boolean stripTabs;
        Word body = Word.literal("");

        Heredoc(String delimiter, boolean quoted, boolean stripTabs) {
            this.delimiter = delimiter;
            this.quoted = quoted;
            this.stripTabs = stripTabs;
        }
    }

    /** A piece of a word: literal text, a parameter, a command substitution or an arithmetic expansion. */
    sealed interface Seg permits Lit, Param, Subst, Arith {
    }

    record Lit(String text) implements Seg {
    }

    /** {@code $NAME}, {@code ${...}}, {@code $1}; {@code ~} is the parameter {@code HOME}. */
    record Param(String name, String raw) implements Seg {
    }

    /**
     * {@code $(...)}, backquotes or a process substitution ({@code <(...)}, whose value is only a file name);
     * the inner script is empty when it could not be parsed.
     */
    record Subst(Optional<Script> inner, String raw, boolean process) implements Seg {

        Subst(Optional<Script> inner, String raw) {
            this(inner, raw, false);
        }
    }

    record Arith(String raw) implements Seg {
    }

    /**
     * One shell word after quote removal, as segments.
     *
     * @param raw    the source text
     * @param quoted some part of it was quoted or escaped (so it is not a reserved word or an assignment)
     */
    record Word(String raw, List<Seg> segs, boolean quoted) {
        Word {
            segs = List.copyOf(segs);
        }

        static Word literal(String text) {
            return new Word(text, List.of(new Lit(text)), false);
        }

        /** The word's value when it has no expansion. */
        Optional<String> literal() {
            StringBuilder b = new StringBuilder();
            for (Seg s : segs) {
                if (!(s instanceof Lit l)) {
                    return Optional.empty();
                }
                b.append(l.text());
            }
            return Optional.of(b.toString());
        }

        /** For people: literal text, expansions as written. */
        String text() {
            StringBuilder b = new StringBuilder();
            for (Seg s : segs) {
                b.append(switch (s) {
                    case Lit l -> l.text();
                    case Param p -> p.raw();
                    case Subst x -> x.raw();
                    case Arith a -> a.raw();
                });
            }
            return b.toString();
        }

        /** An unquoted literal word equal to {@code s}: how reserved words are recognised. */
        boolean is(String s) {
            return !quoted && literal().map(s::equals).orElse(false);
        }
    }
}
