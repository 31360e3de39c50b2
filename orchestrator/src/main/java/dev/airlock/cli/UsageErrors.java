package dev.airlock.cli;

import dev.airlock.app.Console;
import dev.airlock.text.Clean;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A usage error in two lines, what is wrong and what to type, instead of the full usage: the person or agent
 * who typed it wants the next command, and {@code --help} has the rest. Exit {@link ExitCodes#USAGE}.
 */
record UsageErrors(Console console) implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        Message m = explain(ex, args);
        console.err().println("airlock: " + Clean.lines(m.what()));
        console.err().println("  what to do: " + Clean.lines(m.next()));
        return ExitCodes.USAGE;
    }

    /** What went wrong and what to type instead. */
    record Message(String what, String next) {
    }

    static Message explain(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        CommandSpec spec = cli.getCommandSpec();
        String name = spec.qualifiedName();
        String help = name + " --help shows the options and examples";
        boolean takesCommand = spec.positionalParameters().stream().anyMatch(p -> p.paramLabel().equals("CMD"));
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().getFirst();
            List<String> suggestions = u.getSuggestions();
            String didYouMean = suggestions.isEmpty() ? "" : "did you mean " + String.join(" or ", suggestions.stream().limit(3).toList()) + "? ";
            if (first.startsWith("-")) {
                return new Message("unknown option " + first + " for " + name, didYouMean + help);
            }
            if (!spec.subcommands().isEmpty()) {
                return new Message(first + " is not a command of " + name, didYouMean + (spec.parent() == null ? "airlock help lists them" : help));
            }
            return new Message("unexpected argument " + first + " for " + name, help);
        }
        if (ex instanceof CommandLine.MissingParameterException && takesCommand) {
            return new Message(name + " needs the command to run", name + " [OPTIONS] -- CMD [ARGS...]   (" + help + ")");
        }
        // picocli names the option and the value; a converter's own words follow, with no Java class names
        String what = ex.getMessage();
        if (ex.getCause() instanceof CommandLine.TypeConversionException t) {
            what = what.substring(0, Math.max(0, what.indexOf(':'))) + ": " + t.getMessage();
        }
        return new Message(what, help);
    }
}
