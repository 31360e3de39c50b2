package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The audit logs a state folder holds, read the way a test checks them: as one text. */
public final class Audits {

    private Audits() {
    }

    /** Every {@code audit.jsonl} line under a state folder, session after session. */
    public static String all(Path state) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(state)) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals("audit.jsonl")).sorted().toList()) {
                all.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }
}
