package dev.airlock.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airlock exec}: a command in a session's warm container, with everything {@code run} does. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock session start --workspace ~/src/app", "  airlock exec --session s-7f3k9q2m1x -- make test", "  airlock exec --session s-7f3k9q2m1x --json -- git status --short"},
        name = "exec", sortOptions = false,
        description = "Run a command in a session's warm sandbox (started with airlock session start): the same checks, "
                + "approvals and audit as run, without a container start per command.")
final class ExecCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session (see airlock session list).")
    String session;

    @Option(names = "--approver", paramLabel = "SPEC",
            description = "Who answers escalations: terminal, queue, deny, command:PROGRAM, or a chain (default: terminal when there is one, else deny).")
    String approver;

    @Option(names = "--approval-timeout", paramLabel = "DURATION", converter = Durations.class, defaultValue = "5m",
            description = "How long an approval may take; no answer is a no (default: ${DEFAULT-VALUE}).")
    Duration approvalTimeout;

    @Mixin
    CommandOptions options;

    ExecCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        var request = options.request();
        var warm = airlock.services().warm();
        var live = airlock.warmSession(session);
        try {
            return RunCommand.execute(airlock.console(), options.json, live.id().value(),
                    (id, io) -> live.execute(request, io, airlock.caller(approver, approvalTimeout)));
        } finally {
            warm.done(live.id().value());
            if (!airlock.inServer()) {
                warm.stop(live.id().value()); // nothing outlives this process: its warm containers go with it
            }
        }
    }
}
