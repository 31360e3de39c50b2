package dev.airlock.cli;

import dev.airlock.approval.Answer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock deny ID}: says no to a request waiting in the queue; its run stops with exit 77. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock deny a-7f3k9q2m1x", "  airlock deny a-7f3k9q2m1x --reason \"not on this branch\""},
        name = "deny",
        description = "Deny a waiting approval request (see `airlock approvals`); its run stops with exit 77.")
final class DenyCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The request's id, e.g. a-7f3k9q2m1x.")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown to whoever ran the command.")
    String reason;

    DenyCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        if (id == null) {
            throw ApprovalsCommand.noId();
        }
        String person = ApprovalsCommand.person(airlock, "deny");
        String why = reason == null || reason.isBlank() ? "denied by " + person : reason.strip();
        ApprovalsCommand.queue(airlock).answer(id, new Answer.Denied(why, person));
        airlock.console().out().println("denied " + id + "; its run stops.");
        return 0;
    }
}
