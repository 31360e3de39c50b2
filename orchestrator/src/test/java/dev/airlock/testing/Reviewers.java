package dev.airlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** External reviewers for {@code --approver command:PROGRAM}, written by a test: they answer every request the same. */
public final class Reviewers {

    private Reviewers() {
    }

    /** An approver spec that approves everything once. */
    public static String allow(Path dir) {
        return "command:" + script(dir, "allow-all.sh", "allow");
    }

    /** An approver spec that approves everything for the session. */
    public static String allowForSession(Path dir) {
        return "command:" + script(dir, "allow-session.sh", "allow session");
    }

    private static Path script(Path dir, String name, String answer) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, "#!/bin/sh\ncat >/dev/null\necho " + answer + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
