package dev.airlock.cli;

import dev.airlock.app.Console;
import java.util.Optional;
import picocli.CommandLine;

/** Entry point of the {@code airlock} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("server")) {
            Logging.configure(verbose(args) ? "debug" : "info");
        } else {
            Logging.configure(verbose(args));
        }
        if (CtrlC.runsACommand(args)) {
            CtrlC.install(Thread.currentThread());
        }
        System.exit(Airlock.commandLine(Console.system()).execute(args));
    }

    /**
     * Whether Airlock's own {@code --verbose}/{@code -v} is given. It must be known before the first logger exists,
     * so it is read ahead of the run, by the same parser with the same rules: a command that runs a CMD reads its
     * options only up to it, so the {@code -v} of {@code airlock run curl -v URL} is curl's. Arguments that do not
     * parse are not verbose (the usage error says what is wrong).
     */
    static boolean verbose(String[] args) {
        var only = args.length > 0 && !args[0].startsWith("-") ? Optional.of(args[0]) : Optional.<String>empty();
        try {
            // only the named command is built, and nothing runs: no services, no engine, no logger
            return verbose(new Airlock(Console.system(), () -> {
                throw new IllegalStateException("parsed only");
            }, false, false).commandLine(only).parseArgs(args));
        } catch (RuntimeException e) {
            return false; // not parsed: the run that follows reports why
        }
    }

    /** Whether {@code --verbose} was given to the command or any subcommand on its way. */
    static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
