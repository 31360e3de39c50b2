package dev.airlock.cli;

import dev.airlock.app.AgentSessions;
import dev.airlock.app.Console;
import dev.airlock.text.Clean;
import dev.airlock.AirlockException;
import dev.airlock.approval.Approver;
import dev.airlock.approval.DenyApprover;
import dev.airlock.mcp.AirlockMcp;
import dev.airlock.mcp.ApproverOrder;
import dev.airlock.mcp.Setup;
import dev.airlock.session.SpecFactory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code airlock mcp}: an MCP server on stdio, one session per connection. Stdout is the protocol, so
 * everything Airlock says goes to stderr.
 */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock mcp --workspace ~/src/app", "  airlock mcp --allow-mode full-access --approver queue", "  claude mcp add airlock -- airlock mcp --workspace ."},
        name = "mcp", sortOptions = false,
        description = {"Serve the Model Context Protocol on stdin/stdout, so a coding agent's shell tool runs through Airlock.",
            "Tools: run_command, assess_command, set_mode, diff, rollback, report, request_network. Escalations ask the person "
                    + "through the client (elicit) when it can really ask, else the --approver (default here: deny). A client "
                    + "that answers at once (codex exec, claude -p) passes to the next approver; --approver command:./review,elicit,queue "
                    + "sets the order."})
final class McpCommand implements Callable<Integer> {

    /** Why a request is refused when neither the client nor any other approver can ask a person. */
    static final String NOBODY = "nobody could be asked: the client cannot ask its user, or answered at once without"
            + " asking anyone (codex exec, claude -p), and airlock mcp has no other approver; start it with"
            + " --approver elicit,queue and answer with airlock approve ID from a terminal";

    private final Airlock airlock;

    @Mixin
    SessionOptions sessionOptions;

    @Option(names = "--allow-mode", paramLabel = "MODE",
            description = "A mode the agent may switch to with set_mode beyond narrower ones (repeatable), e.g. --allow-mode full-access.")
    List<String> allowModes = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    McpCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() throws InterruptedException {
        Console console = airlock.console();
        PrintStream protocol = console.out();
        if (protocol == System.out) {
            // a stray println anywhere in the process must not corrupt the protocol stream
            System.setOut(System.err);
        }
        AgentSessions sessions = new AgentSessions(airlock.app(), airlock.opening(sessionOptions));
        allowModes.forEach(sessions.catalog()::mode);
        ApproverOrder order;
        try {
            order = ApproverOrder.of(sessionOptions.approver, "deny");
        } catch (IllegalArgumentException e) {
            throw AirlockException.usage(e.getMessage(), "name elicit once, where the client should be asked, e.g. --approver elicit,queue");
        }
        Optional<Approver> before = order.before().map(airlock::approver);
        Approver fallback = order.after().strip().equals("deny") ? new DenyApprover(NOBODY) : airlock.approver(order.after());
        Setup setup = new Setup(sessions, sessions.catalog(), Set.copyOf(allowModes), before, fallback, order.after(), sessionOptions.approvalTimeout, Results::json,
                line -> console.err().println("airlock: " + Clean.lines(line)), sessions.startsNew(), version());
        AirlockMcp.serve(setup, console.in(), protocol);
        return 0;
    }

    private static String version() {
        String shown = AirlockCommand.class.getAnnotation(Command.class).version()[0];
        return shown.startsWith("airlock ") ? shown.substring("airlock ".length()) : shown;
    }
}
