package dev.airlock.cli;

import dev.airlock.app.Console;
import dev.airlock.text.Clean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
            Optional<List<String>> withDashes = takesCommand ? withDashDash(spec, args) : Optional.empty();
            if (withDashes.isPresent()) {
                return new Message(first + " is not an option of " + name + "; if it is the command's own, put -- before the command",
                        String.join(" ", withDashes.get()));
            }
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

    /**
     * The arguments again with {@code --} before the first one that is not an option or an option's value, when
     * there is such an argument: the unknown "option" came after the command, so it was the command's.
     */
    static Optional<List<String>> withDashDash(CommandSpec spec, String[] args) {
        List<String> all = Arrays.asList(args);
        if (all.contains("--")) {
            return Optional.empty();
        }
        List<String> path = new ArrayList<>();
        for (CommandSpec s = spec; s.parent() != null; s = s.parent()) {
            path.addFirst(s.name());
        }
        // skip to the subcommand's own arguments
        int i = 0;
        for (String step : path) {
            while (i < all.size() && !all.get(i).equals(step)) {
                i++;
            }
            i++;
        }
        for (; i < all.size(); i++) {
            String arg = all.get(i);
            if (!arg.startsWith("-")) {
                var out = new ArrayList<String>();
                out.add("airlock");
                out.addAll(all.subList(0, i));
                out.add("--");
                out.addAll(all.subList(i, all.size()));
                return Optional.of(out.stream().map(UsageErrors::quoted).toList());
            }
            if (arg.contains("=")) {
                continue;
            }
            OptionSpec option = spec.findOption(arg);
            if (option == null) {
                return Optional.empty(); // an unknown option before any command: a typo, not a missing --
            }
            if (option.arity().max() > 0) {
                i++;
            }
        }
        return Optional.empty();
    }

    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_@%+=:,./~-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
