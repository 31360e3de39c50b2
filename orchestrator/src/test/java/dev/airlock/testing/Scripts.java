package dev.airlock.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Commands for tests of the container boundary itself. */
public final class Scripts {

    private Scripts() {
    }

    /**
     * A shell script the assessment cannot see into ({@code base64 -d | sh}), as a hostile command would hide
     * itself: it runs in the mode's base profile, so only the container stands in its way.
     */
    public static List<String> opaque(String script) {
        String encoded = Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8));
        return List.of("sh", "-c", "echo " + encoded + " | base64 -d | sh");
    }
}
