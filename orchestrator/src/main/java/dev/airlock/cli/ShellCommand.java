package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.app.Console;
import dev.airlock.app.Task;
import dev.airlock.session.Shell;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code airlock shell}: an interactive terminal in the session's sandbox, for a person. Runs in the calling
 * process (it needs the caller's terminal), in the mode's base profile; checkpointed, guarded and logged.
 */
@Command(footerHeading = "%nExamples:%n",
        footer = {"  airlock shell --workspace ~/src/app", "  airlock shell --session s-7f3k9q2m1x", "  airlock shell --mode read-only -- sh"},
        name = "shell", sortOptions = false,
        description = "Open an interactive shell in a sandbox of the session (the mode's base profile): nothing is asked, "
                + "since you type every command; a checkpoint is taken before and what changed is logged.")
final class ShellCommand implements Callable<Integer> {

    /** The shell a person gets when they name none. */
    static final List<String> DEFAULT_SHELL = List.of("bash", "-i");

    private final Airlock airlock;

    ShellCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Parameters(arity = "0..*", paramLabel = "CMD", description = "The shell to run (default: bash -i).")
    List<String> command;

    @Mixin
    SessionOptions sessionOptions;

    @Override
    public Integer call() {
        Console console = airlock.console();
        if (!console.stdinIsTerminal() || airlock.inServer()) {
            throw AirlockException.usage("airlock shell needs a terminal: its stdin is not one",
                    "run it from a terminal, or run commands with airlock run -- CMD");
        }
        List<String> argv = command == null || command.isEmpty() ? DEFAULT_SHELL : command;
        try (Task session = airlock.app().open(airlock.opening(sessionOptions), true)) {
            console.err().println("airlock: a shell in the sandbox of session " + session.id() + "; exit or Ctrl-D leaves it");
            Shell.Ended ended;
            try (HostTerminal terminal = HostTerminal.open(console.in(), console.out())) {
                ended = session.shell(argv, terminal);
            }
            console.err().println("airlock: " + ended.commandId() + " shell exited " + ended.exitCode() + "; "
                    + ended.changes().size() + " file(s) changed" + (ended.changes().isEmpty() ? ""
                    : " (airlock diff --session " + session.id() + ", airlock rollback --session " + session.id() + ")"));
            return ended.exitCode();
        }
    }
}
