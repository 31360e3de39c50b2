package dev.airlock.cli;

import dev.airlock.app.Console;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What every command's help has, put on the whole command tree in one place so a new command cannot miss it:
 * {@code -h}/{@code --help}, its examples (the command's own {@code footer}) and the exit-code table.
 */
final class Help {

    private Help() {
    }

    /** Gives every command of the tree under {@code root} the help option, the exit codes and a usage-error handler. */
    static void configure(CommandLine root, Console console) {
        for (CommandLine c : tree(root)) {
            CommandSpec spec = c.getCommandSpec();
            if (spec.findOption("--help") == null) {
                spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
            }
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.table());
            // examples before the exit codes: they are what a reader came for
            List<String> keys = new ArrayList<>(c.getHelpSectionKeys());
            keys.removeAll(List.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING,
                    CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER));
            int at = keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING);
            keys.addAll(at, List.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING,
                    CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER));
            c.setHelpSectionKeys(keys);
        }
        root.setParameterExceptionHandler(new UsageErrors(console));
    }

    /** The command and all its subcommands, depth first. */
    static List<CommandLine> tree(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!all.contains(sub)) {
                for (CommandLine c : tree(sub)) {
                    if (!all.contains(c)) {
                        all.add(c);
                    }
                }
            }
        }
        return all;
    }
}
