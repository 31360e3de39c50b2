package dev.airlock.cli;

import dev.airlock.app.Console;
import java.util.List;

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

    /** {@code --verbose} must be known before the first logger exists, so it is read ahead of picocli. */
    static boolean verbose(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (List.of("--verbose", "-v").contains(arg)) {
                return true;
            }
        }
        return false;
    }
}
