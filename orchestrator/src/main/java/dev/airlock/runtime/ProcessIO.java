package dev.airlock.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a command's streams go: its stdout and stderr (written live, flushed per chunk) and, when given,
 * the input fed to its stdin (closed at end of input).
 */
public record ProcessIO(OutputStream stdout, OutputStream stderr, Optional<InputStream> stdin) {

    public ProcessIO {
        Objects.requireNonNull(stdout);
        Objects.requireNonNull(stderr);
        Objects.requireNonNull(stdin);
    }
}
