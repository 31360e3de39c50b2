package dev.airlock.runtime.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Airlock's seccomp profile ({@code seccomp.json} beside this class): what Docker's default allows, less
 * io_uring (refused with ENOSYS), applied to every sandbox in place of the engine's default.
 */
final class Seccomp {

    /** The profile as the engine takes it in a {@code seccomp=} security option: compact JSON. */
    static final String PROFILE = load();

    private Seccomp() {
    }

    private static String load() {
        try (InputStream in = Seccomp.class.getResourceAsStream("seccomp.json")) {
            if (in == null) {
                throw new IllegalStateException("seccomp.json is missing from Airlock's jar; rebuild it");
            }
            ObjectMapper json = dev.airlock.json.JsonMappers.TREES;
            return json.writeValueAsString(json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
