package dev.airlock.cli;

import dev.airlock.AirlockException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock help [COMMAND...]}: the same help as {@code COMMAND --help}, also for a subcommand's subcommand. */
@Command(name = "help", helpCommand = true,
        footerHeading = "%nExamples:%n",
        footer = {"  airlock help", "  airlock help run", "  airlock help session start"},
        description = "Show the help of airlock or of a command (the same as COMMAND --help).")
final class HelpCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "The command, e.g. run or session start.")
    List<String> path = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine at = spec.root().commandLine();
        for (String name : path) {
            CommandLine next = at.getSubcommands().get(name);
            if (next == null) {
                throw AirlockException.usage(at.getCommandSpec().qualifiedName() + " has no command " + name,
                        "airlock help" + (at.getCommandSpec().parent() == null ? "" : " " + String.join(" ", path.subList(0, path.indexOf(name))))
                                + " lists them");
            }
            at = next;
        }
        at.usage(spec.commandLine().getOut());
        return 0;
    }
}
