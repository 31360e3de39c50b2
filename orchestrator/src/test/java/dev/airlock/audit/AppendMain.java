package dev.airlock.audit;

import java.nio.file.Path;
import java.time.Instant;

/** A separate process appending to a log, for the test of appends from several processes at once. */
public final class AppendMain {

    private AppendMain() {
    }

    /** Arguments: the log, a name for this writer, how many events. */
    public static void main(String[] args) {
        try (AuditLog log = AuditLog.open(Path.of(args[0]), AuditLog.Durability.WRITTEN)) {
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                log.append(new AuditEvent.CheckpointTaken(Instant.now(), args[1] + "-" + i, "x".repeat(i % 300), i, i,
                        java.util.List.of()));
            }
        }
    }
}
