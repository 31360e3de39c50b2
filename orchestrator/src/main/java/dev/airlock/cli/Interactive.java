package dev.airlock.cli;

import dev.airlock.app.Console;
import dev.airlock.AirlockException;
import java.util.List;
import java.util.Set;

/**
 * Why {@code airlock run -- bash} would end at once: {@code run} gives a command no terminal, and with stdin a
 * terminal it gives it no stdin either (keys are for Airlock's prompts), so an interactive shell or REPL reads
 * end-of-input and exits. Such a command line is refused with a pointer to {@code airlock shell}.
 */
final class Interactive {

    private static final Set<String> WANTS_A_TERMINAL = Set.of("bash", "sh", "dash", "zsh", "fish", "ksh", "ash", "tcsh",
            "csh", "python", "python3", "ipython", "ipython3", "node", "irb", "ghci", "lua", "R", "jshell", "sqlite3", "psql",
            "mysql", "vim", "vi", "nano", "less", "top", "htop");

    private Interactive() {
    }

    /** Whether the command line starts an interactive program: one of them with options only, no script. */
    static boolean wantsATerminal(List<String> argv) {
        if (argv.isEmpty()) {
            return false;
        }
        String program = argv.getFirst().substring(argv.getFirst().lastIndexOf('/') + 1);
        if (!WANTS_A_TERMINAL.contains(program)) {
            return false;
        }
        return argv.subList(1, argv.size()).stream().allMatch(a -> a.startsWith("-") && !a.equals("-c") && !a.equals("-m")
                && !a.equals("-e") && !a.startsWith("--eval") && !a.equals("-"));
    }

    /** Refuses, with what to use instead, an interactive program that {@code run} or {@code exec} would end at once. */
    static void refuse(Console console, List<String> argv) {
        if (console.stdinIsTerminal() && wantsATerminal(argv)) {
            String name = argv.getFirst().substring(argv.getFirst().lastIndexOf('/') + 1);
            throw AirlockException.usage("airlock run gives a command no terminal (and, with stdin a terminal, no stdin): "
                            + name + " would read the end of its input and exit at once",
                    "for an interactive shell in the sandbox use: airlock shell [--workspace DIR] [--mode M] (same masks, "
                            + "checkpoints and audit); to run a script, pass it: airlock run -- " + name + " -c '...'");
        }
    }
}
