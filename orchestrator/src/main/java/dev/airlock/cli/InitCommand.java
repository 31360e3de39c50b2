package dev.airlock.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock init AGENT}: sets up a coding agent so its shell commands run through Airlock. */
@Command(name = "init", subcommands = {InitCodexCommand.class},
        description = "Set up a coding agent so its shell commands run through Airlock (init codex).")
final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
