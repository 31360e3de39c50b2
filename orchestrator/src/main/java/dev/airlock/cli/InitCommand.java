package dev.airlock.cli;

import dev.airlock.agents.InitRecord;
import dev.airlock.agents.JsonEdits;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code airlock init CLIENT}: sets a coding agent up to send its shell commands through Airlock; {@code airlock init
 * --undo [CLIENT]} takes out exactly what an earlier init added (the record is in Airlock's state folder).
 */
@Command(name = "init", description = "Set a coding agent up to run its shell commands through Airlock (airlock init claude-code), "
        + "or take out what an earlier init added (airlock init --undo).",
        subcommands = {InitClaudeCode.class})
final class InitCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--undo", description = "Remove what airlock init added (for the client named, else for all), and nothing else.")
    boolean undo;

    @Option(names = "--dry-run", description = "With --undo: print what would be removed, change nothing.")
    boolean dryRun;

    @Parameters(arity = "0..1", paramLabel = "CLIENT", description = "With --undo: only this client's additions (claude-code, ...).")
    String client;

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
        var state = airlock.state().root();
        List<String> clients = client == null ? InitRecord.clients(state) : List.of(client);
        boolean any = false;
        for (String c : clients) {
            var applied = InitRecord.read(state, c);
            if (applied.isEmpty()) {
                continue;
            }
            any = true;
            if (dryRun) {
                for (var a : applied) {
                    airlock.console().out().println("would remove from " + a.edit().file() + " at " + a.edit().where()
                            + (a.createdFile() ? " (and the file, if nothing else is left in it)" : ""));
                }
                continue;
            }
            for (String line : JsonEdits.undo(applied)) {
                airlock.console().out().println(line);
            }
            InitRecord.remove(state, c);
        }
        if (!any) {
            airlock.console().err().println("airlock: nothing to undo: airlock init added nothing"
                    + (client == null ? "" : " for " + client));
        }
        return 0;
    }
}
