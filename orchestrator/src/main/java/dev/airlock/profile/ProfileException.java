package dev.airlock.profile;

import dev.airlock.AirlockException;

/** A profile, mode or rule file that cannot be used: names the file, the JSON path and what is allowed. */
public final class ProfileException extends AirlockException {

    private final String source;
    private final String path;

    public ProfileException(String source, String path, String problem) {
        this(source, path, source + ": " + path + ": " + problem, "fix " + source + " (or remove it to fall back to the built-in settings)", 0);
    }

    private ProfileException(String source, String path, String message, String hint, int ignored) {
        super(Kind.USAGE, message, hint); // configuration the caller can fix: exit 2
        this.source = source;
        this.path = path;
    }

    /** The same refusal with another hint (what to do depends on who may have written the file). */
    public ProfileException withHint(String hint) {
        return new ProfileException(source, path, getMessage(), hint, 0);
    }

    /** The file (or built-in resource) the bad value came from. */
    public String source() {
        return source;
    }

    /** The JSON path of the bad value, for example {@code $.limits.memory}. */
    public String path() {
        return path;
    }
}
