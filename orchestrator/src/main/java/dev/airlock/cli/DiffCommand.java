package dev.airlock.cli;

import dev.airlock.app.SessionFiles;
import dev.airlock.text.Clean;
import dev.airlock.workspace.Changes;
import dev.airlock.workspace.Checkpoint;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock diff}: what a session changed in its workspace since a checkpoint (its first by default). */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock diff --session s-7f3k9q2m1x", "  airlock diff --session s-7f3k9q2m1x --stat", "  airlock diff --session s-7f3k9q2m1x --json"},
        name = "diff", description = "Show what changed in the session's workspace since a checkpoint (default: the session's first).")
final class DiffCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session.")
    String session;

    @Option(names = "--since", paramLabel = "CHECKPOINT", description = "Compare against this checkpoint.")
    String since;

    @Option(names = "--stat", description = "Only the lists of files, no unified diff.")
    boolean stat;

    @Option(names = "--json", description = "Print JSON (docs/JSON.md): version, session, since, added, modified, deleted, masked, diff.")
    boolean json;

    DiffCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        SessionFiles files = airlock.app().files(session);
        var undo = files.undo(airlock.app());
        Checkpoint from = undo.checkpoint(java.util.Optional.ofNullable(since));
        var shown = undo.diff(from, stat);
        Changes changes = shown.changes();
        String diff = shown.unified();
        PrintStream out = airlock.console().out();
        if (json) {
            out.println(Json.write(json(files.info().id().value(), from.id(), changes, shown.byOtherSessions(),
                    stat ? java.util.Optional.empty() : java.util.Optional.of(diff))));
            return 0;
        }
        // the store is the workspace's: a listing of this session must say what another session changed
        shown.byOtherSessions().forEach((other, paths) -> out.println("  changed by session " + Clean.line(other) + ": "
                + String.join(", ", paths.stream().map(Clean::line).toList())));
        out.print(text(from, changes, diff));
        return 0;
    }

    /** The document {@code diff --json} prints (docs/JSON.md); {@code diff} only without {@code --stat}. */
    static Map<String, Object> json(String session, String since, Changes changes, Object byOtherSessions,
                                    java.util.Optional<String> diff) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session", session);
            m.put("since", since);
            m.put("added", changes.added());
            m.put("modified", changes.modified());
            m.put("deleted", changes.deleted());
            m.put("masked", changes.masked());
            m.put("notInCheckpoint", changes.notHeld().stream().map(x -> Map.of("path", x.path(), "reason", x.reason())).toList());
            changes.history().ifPresent(h -> m.put("history", h));
            m.put("byOtherSessions", byOtherSessions);
            diff.ifPresent(d -> m.put("diff", d));
            return Json.document(m);
    }

    /**
     * The listing as a terminal shows it. Names, labels and the diff's lines are the sandbox's: cleaned, so none
     * can draw on the screen or pass for a line of this listing (a name with a newline shows it as {@code \n}).
     */
    static String text(Checkpoint from, Changes changes, String diff) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("since checkpoint %s (%s): %d added, %d modified, %d deleted%n", from.id(),
                Clean.line(from.label()), changes.added().size(), changes.modified().size(), changes.deleted().size()));
        changes.added().forEach(p -> out.append("  added     ").append(Clean.line(p)).append(masked(changes, p)).append('\n'));
        changes.modified().forEach(p -> out.append("  modified  ").append(Clean.line(p)).append(masked(changes, p)).append('\n'));
        changes.deleted().forEach(p -> out.append("  deleted   ").append(Clean.line(p)).append(masked(changes, p)).append('\n'));
        changes.history().ifPresent(h -> out.append("  ").append(Clean.line(h)).append('\n'));
        changes.notHeld().forEach(x -> out.append("  not in the checkpoint: ").append(Clean.line(String.valueOf(x))).append('\n'));
        if (!diff.isEmpty()) {
            String shown = Clean.lines(diff);
            out.append('\n').append(shown).append(shown.endsWith("\n") ? "" : "\n");
        }
        return out.toString();
    }

    /** The mark of a masked path: its content is never stored, so never shown. */
    static String masked(Changes changes, String path) {
        return changes.masked().contains(path) ? "  (masked: content not shown)" : "";
    }
}
