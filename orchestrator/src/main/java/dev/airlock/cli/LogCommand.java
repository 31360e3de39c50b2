package dev.airlock.cli;

import dev.airlock.text.Clean;
import dev.airlock.audit.AuditEvent;
import dev.airlock.app.SessionFiles;
import dev.airlock.audit.AuditLog;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock log}: the session's audit log, event by event. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock log --session s-7f3k9q2m1x", "  airlock log --session s-7f3k9q2m1x --json"},
        name = "log", description = "Show the session's audit log (damaged lines are skipped with a warning).")
final class LogCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session.")
    String session;

    @Option(names = "--json", description = "Print the events as JSON Lines (docs/JSON.md): one event a line, each with version and type.")
    boolean json;

    LogCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        SessionFiles files = airlock.app().files(session);
        var contents = files.audit();
        contents.warnings().forEach(w -> airlock.console().err().println("airlock: audit log: " + Clean.line(w)));
        PrintStream out = airlock.console().out();
        for (AuditEvent event : contents.events()) {
            out.println(json ? Json.line(json(event)) : line(event));
        }
        return 0;
    }

    /** One line of {@code log --json} (docs/JSON.md): the event as the log holds it, with {@code version} first on each line. */
    static com.fasterxml.jackson.databind.node.ObjectNode json(AuditEvent event) {
        return Json.versioned(event);
    }

    /** One event on one line, cleaned as a whole: commands, labels and reasons are the agent's words. */
    static String line(AuditEvent e) {
        return Clean.line(words(e));
    }

    private static String words(AuditEvent e) {
        String at = e.at().toString();
        return at + "  " + switch (e) {
            case AuditEvent.SessionStarted s -> "session started: mode " + s.mode() + ", " + s.workspace() + " (" + s.baseProfile() + ")";
            // the container is named here: a pooled one carries no session label to find it by
            case AuditEvent.CommandRan c -> c.commandId() + " ran `" + String.join(" ", c.argv()) + "` in " + c.profile()
                    + " (container " + c.containerId().substring(0, Math.min(12, c.containerId().length())) + ")"
                    + " -> exit " + c.exitCode() + (c.timedOut() ? " (timed out)" : "") + (c.oomKilled() ? " (out of memory)" : "")
                    + ", " + c.changes().size() + " file(s) changed" + c.changes().history().map(h -> "; " + h).orElse("") + c.approval().map(a -> ", " + a.answer() + " by " + a.by().orElse(a.approver())).orElse("");
            case AuditEvent.CommandRefused r -> r.commandId() + " refused `" + String.join(" ", r.argv()) + "`: needed " + r.needed()
                    + "; " + r.deniedBy() + ": " + r.reason();
            case AuditEvent.Grant g -> "granted for the " + g.scope() + ": " + g.kind() + " " + g.value() + " (" + g.approver()
                    + g.by().map(b -> ", " + b).orElse("") + ")";
            case AuditEvent.CheckpointTaken c -> "checkpoint " + c.id() + " (" + c.files() + " files, " + c.durationMs() + " ms): " + c.label();
            case AuditEvent.RolledBack r -> "rolled back to " + r.to() + " (" + r.changes().size() + " file(s)); undo: " + r.undoCheckpoint();
            case AuditEvent.SessionEnded s -> "session ended";
            case AuditEvent.BranchChanged b -> "branch " + b.branch() + " " + b.action() + b.commandId().map(c -> " by " + c).orElse("")
                    + b.commit().map(c -> ": " + c.substring(0, Math.min(12, c.length()))).orElse("") + " (" + b.repository() + ")";
            case AuditEvent.ShellRan sh -> sh.commandId() + " interactive shell `" + String.join(" ", sh.argv()) + "` in " + sh.profile()
                    + " -> exit " + sh.exitCode() + ", " + sh.changes().size() + " file(s) changed";
            case AuditEvent.CommandInterrupted i -> i.commandId() + " was interrupted (Ctrl-C, or its caller went away) and stopped; "
                    + "what it changed up to then is on its line below";
            case AuditEvent.ApprovalExpired x -> "approval request " + x.request() + " for `" + String.join(" ", x.argv())
                    + "` expired: " + x.reason();
            case AuditEvent.Undone u -> u.commandId() + " left what host programs would run; undone: "
                    + String.join("; ", u.found().stream().map(i -> i.path() + " (" + i.what() + ", " + i.action() + ")").toList());
        };
    }
}
