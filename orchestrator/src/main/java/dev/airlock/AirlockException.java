package dev.airlock;

import java.util.Objects;

/**
 * The one unchecked exception family of Airlock: a message for the user, a hint saying what to do next,
 * and a kind that the CLI maps to its documented exit code. Stack traces are for {@code --verbose} only.
 */
public class AirlockException extends RuntimeException {

    /** What went wrong, in the terms of the CLI's exit codes (DESIGN.md). */
    public enum Kind {
        /** Bad usage or bad input from the caller: exit 2. */
        USAGE(2),
        /** An escalation was denied or not answered: exit 77. */
        DENIED(77),
        /** A time limit was hit: exit 124. */
        TIMEOUT(124),
        /** The caller stopped it (Ctrl-C, a cancelled tool call): exit 130, as a shell reports SIGINT. */
        CANCELLED(130),
        /** Airlock, its configuration or the engine failed: exit 125. */
        FAILURE(125);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;
    private final String hint;

    public AirlockException(Kind kind, String message, String hint) {
        this(kind, message, hint, null);
    }

    public AirlockException(Kind kind, String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message), cause);
        this.kind = Objects.requireNonNull(kind);
        this.hint = hint == null ? "" : hint;
    }

    public static AirlockException failure(String message, String hint) {
        return new AirlockException(Kind.FAILURE, message, hint);
    }

    public static AirlockException usage(String message, String hint) {
        return new AirlockException(Kind.USAGE, message, hint);
    }

    public Kind kind() {
        return kind;
    }

    /** What the user can do about it; empty when there is nothing useful to add. */
    public String hint() {
        return hint;
    }
}
