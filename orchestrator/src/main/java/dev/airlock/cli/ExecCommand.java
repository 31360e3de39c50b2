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

    @Option(names = "--prompt-grant", hidden = true, paramLabel = "TOKEN",
            description = "A yes a person gave in a coding agent's own prompt for exactly this command (written by airlock hook).")
    String promptGrant;

    @Mixin
    CommandOptions options;

    ExecCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        Interactive.refuse(airlock.console(), options.command);
        var request = options.request();
        var app = airlock.app();
        var live = app.warm(session);
        try {
            return RunCommand.execute(airlock.console(), options.json, live.id().value(),
                    (id, io) -> live.execute(request, io, promptGrant == null
                            ? app.caller(java.util.Optional.ofNullable(approver), approvalTimeout)
                            : app.caller(new dev.airlock.agents.PromptGrants(airlock.state().root()).approver(promptGrant,
                                    java.time.Clock.systemUTC()), java.util.Optional.ofNullable(approver), approvalTimeout)));
        } finally {
            app.release(live);
        }
    }
}
