package dev.airlock.cli;

import dev.airlock.approval.Answer;
import dev.airlock.approval.Scope;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock approve ID}: says yes to a request waiting in the queue; its run goes on. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock approve a-7f3k9q2m1x", "  airlock approve a-7f3k9q2m1x --scope session"},
        name = "approve",
        description = "Approve a waiting approval request (see `airlock approvals`); its run goes on.")
final class ApproveCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The request's id, e.g. a-7f3k9q2m1x.")
    String id;

    @Option(names = "--scope", defaultValue = "once", paramLabel = "once|session",
            description = "once: this command only (default); session: also what the request's session grant covers.")
    String scope;

    ApproveCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        if (id == null) {
            throw ApprovalsCommand.noId();
        }
        Scope parsed = Scope.parse(scope);
        ApprovalsCommand.queue(airlock).answer(id, new Answer.Approved(parsed, ApprovalsCommand.person(airlock, "approve")));
        airlock.console().out().println("approved " + id + (parsed == Scope.SESSION ? " for the session" : " once")
                + "; its run goes on.");
        return 0;
    }
}
