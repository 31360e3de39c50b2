package dev.airlock.approval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.airlock.AirlockException;
import java.util.Locale;

/** How long an approval lasts: this one command ({@code once}) or, as a grant, the rest of the session. */
public enum Scope {
    ONCE,
    SESSION;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code once} or {@code session} (any case); anything else is a usage error naming both. */
    @JsonCreator
    public static Scope parse(String text) {
        for (Scope scope : values()) {
            if (scope.json().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return scope;
            }
        }
        throw AirlockException.usage("'" + text + "' is not an approval scope", "use once or session");
    }
}
