package dev.airlock.cli;

import dev.airlock.workspace.Changes;
import dev.airlock.workspace.Checkpoint;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock diff}: what a session changed in its workspace since a checkpoint (its first by default). */
@Command(name = "diff", description = "Show what changed in the session's workspace since a checkpoint (default: the session's first).")
final class DiffCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session.")
    String session;

    @Option(names = "--since", paramLabel = "CHECKPOINT", description = "Compare against this checkpoint.")
    String since;

    @Option(names = "--stat", description = "Only the lists of files, no unified diff.")
    boolean stat;

    @Option(names = "--json", description = "Print JSON: since, added, modified, deleted, diff.")
    boolean json;

    DiffCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        SessionFiles files = SessionFiles.of(airlock, session);
        var checkpoints = files.checkpoints(airlock);
        Checkpoint from = files.checkpoint(checkpoints, since);
        Changes changes = checkpoints.changes(from);
        String diff = stat ? "" : checkpoints.unifiedDiff(from);
        PrintStream out = airlock.console().out();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session", files.info().id().value());
            m.put("since", from.id());
            m.put("added", changes.added());
            m.put("modified", changes.modified());
            m.put("deleted", changes.deleted());
            m.put("masked", changes.masked());
            m.put("notInCheckpoint", changes.notHeld().stream().map(x -> Map.of("path", x.path(), "reason", x.reason())).toList());
            changes.history().ifPresent(h -> m.put("history", h));
            if (!stat) {
                m.put("diff", diff);
            }
            out.println(Json.write(m));
            return 0;
        }
        out.printf("since checkpoint %s (%s): %d added, %d modified, %d deleted%n", from.id(), from.label(),
                changes.added().size(), changes.modified().size(), changes.deleted().size());
        changes.added().forEach(p -> out.println("  added     " + p + masked(changes, p)));
        changes.modified().forEach(p -> out.println("  modified  " + p + masked(changes, p)));
        changes.deleted().forEach(p -> out.println("  deleted   " + p + masked(changes, p)));
        changes.history().ifPresent(h -> out.println("  " + h));
        changes.notHeld().forEach(x -> out.println("  not in the checkpoint: " + x));
        if (!diff.isEmpty()) {
            out.println();
            out.print(diff.endsWith("\n") ? diff : diff + "\n");
        }
        return 0;
    }

    /** The mark of a masked path: its content is never stored, so never shown. */
    static String masked(Changes changes, String path) {
        return changes.masked().contains(path) ? "  (masked: content not shown)" : "";
    }
}
