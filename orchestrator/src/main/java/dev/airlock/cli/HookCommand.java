package dev.airlock.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code airlock hook CLIENT}: the programs a coding agent's hooks run, one per client. */
@Command(name = "hook", description = "The hook programs coding agents run before a tool call (set up by airlock init).",
        subcommands = {HookClaudeCode.class})
final class HookCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
