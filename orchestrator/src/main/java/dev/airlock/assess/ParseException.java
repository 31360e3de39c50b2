package dev.airlock.assess;

/** The text is not a shell command Airlock can read; the classifier turns this into an opaque assessment. */
final class ParseException extends RuntimeException {

    ParseException(String message) {
        super(message, null, false, false);
    }
}
