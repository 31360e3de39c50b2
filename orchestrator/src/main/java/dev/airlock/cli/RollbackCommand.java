package dev.airlock.cli;

import dev.airlock.text.Clean;
import dev.airlock.app.SessionFiles;
import dev.airlock.workspace.Checkpoint;
import dev.airlock.workspace.RollbackResult;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock rollback}: restore the workspace to a checkpoint; itself recorded and undoable. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock rollback --session s-7f3k9q2m1x", "  airlock log --session s-7f3k9q2m1x   # lists the checkpoints", "  airlock rollback --session s-7f3k9q2m1x --to CHECKPOINT"},
        name = "rollback", description = "Restore the session's workspace exactly to a checkpoint (default: the session's first). Undoable.")
final class RollbackCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session.")
    String session;

    @Option(names = "--to", paramLabel = "CHECKPOINT", description = "The checkpoint to restore.")
    String to;

    @Option(names = "--force", description = "Roll back even what another session's commands changed since the checkpoint.")
    boolean force;

    RollbackCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        SessionFiles files = airlock.app().files(session);
        var undo = files.undo(airlock.app());
        Checkpoint target = undo.checkpoint(Optional.ofNullable(to));
        RollbackResult result = undo.rollback(target, force).result();
        PrintStream out = airlock.console().out();
        out.printf("restored %s to checkpoint %s (%s): %d file(s) changed back%n", files.info().workspace(), target.id(),
                Clean.line(target.label()), result.changes().size());
        result.changes().history().ifPresent(h -> out.println("  " + Clean.line(h) + ": restored"));
        result.notRestored().forEach(x -> out.println("  not restored: " + Clean.line(String.valueOf(x))));
        out.printf("undo with: airlock rollback --session %s --to %s%n", files.info().id(), result.undo().id());
        return 0;
    }
}
