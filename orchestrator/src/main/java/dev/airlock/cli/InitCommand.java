package dev.airlock.cli;

import dev.airlock.agents.InitRecord;
import dev.airlock.agents.JsonEdits;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code airlock init CLIENT}: sets a coding agent up to send its shell commands through Airlock; {@code airlock init
 * --undo} (or {@code airlock init CLIENT --undo}) takes out exactly what an earlier init added (the record is in
 * Airlock's state folder).
 */
@Command(footerHeading = "%nExamples:%n",
        footer = {"  airlock init claude-code --dry-run", "  airlock init codex --scope user", "  airlock init --undo"},
        name = "init", description = "Set a coding agent up to run its shell commands through Airlock (airlock init claude-code, airlock init codex), "
        + "or take out what an earlier init added (airlock init --undo).",
        subcommands = {InitClaudeCode.class, InitCodexCommand.class})
final class InitCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--undo", description = "Remove what any airlock init (claude-code, codex) added, from its record in the state folder, and nothing else.")
    boolean undo;

    @Option(names = "--dry-run", description = "With --undo: print what would be removed, change nothing.")
    boolean dryRun;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    InitCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        if (!undo) {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }
        return undo(airlock, java.util.Optional.empty(), dryRun);
    }

    /** Takes out what init added for one client, or for all; with {@code dryRun}, only says what it would take out. */
    static int undo(Airlock airlock, java.util.Optional<String> client, boolean dryRun) {
        var state = airlock.state().root();
        List<String> clients = client.map(List::of).orElseGet(() -> InitRecord.clients(state));
        boolean any = false;
        for (String c : clients) {
            var applied = InitRecord.read(state, c);
            var blocks = InitRecord.blocks(state, c);
            if (applied.isEmpty() && blocks.isEmpty()) {
                continue;
            }
            any = true;
            if (dryRun) {
                for (var a : applied) {
                    airlock.console().out().println("would remove from " + a.edit().file() + " at " + a.edit().where()
                            + (a.createdFile() ? " (and the file, if nothing else is left in it)" : ""));
                }
                blocks.forEach(b -> InitCodexCommand.undoBlock(airlock.console(), b, true));
                continue;
            }
            for (String line : JsonEdits.undo(applied)) {
                airlock.console().out().println(line);
            }
            blocks.forEach(b -> InitCodexCommand.undoBlock(airlock.console(), b, false));
            InitRecord.remove(state, c);
        }
        if (!any) {
            airlock.console().err().println("airlock: nothing to undo: airlock init added nothing"
                    + client.map(c -> " for " + c).orElse(""));
        }
        return 0;
    }
}
