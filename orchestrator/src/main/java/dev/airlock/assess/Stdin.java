package dev.airlock.assess;

import java.util.Optional;

/**
 * Where a command's standard input comes from, which decides what a shell or interpreter reading it will run.
 *
 * @param detail the upstream command of a pipe, or the file, for people
 * @param code   the text of a here-document or here-string, expansions as written
 */
record Stdin(Kind kind, String detail, Optional<String> code) {

    enum Kind { INHERITED, PIPE, TEXT, FILE }

    static final Stdin INHERITED = new Stdin(Kind.INHERITED, "", Optional.empty());

    static Stdin pipe(String from) {
        return new Stdin(Kind.PIPE, from, Optional.empty());
    }

    static Stdin text(String code) {
        return new Stdin(Kind.TEXT, "here-document", Optional.of(code));
    }

    static Stdin file(String path) {
        return new Stdin(Kind.FILE, path, Optional.empty());
    }
}
