package dev.airlock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code airlock}: the root command; it only lists its subcommands. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock run -- make test", "  airlock help run", "  airlock completion bash > ~/.local/share/bash-completion/completions/airlock"},
        name = "airlock",
        mixinStandardHelpOptions = true,
        version = "airlock 0.1.0",
        description = "Runs commands in disposable, least-privilege Docker sandboxes and asks before giving more.")
final class AirlockCommand implements java.util.concurrent.Callable<Integer> {

    /** The subcommands, in the order help lists them; added by {@link Airlock#commandLine}. */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(RunCommand.class, ExecCommand.class, ShellCommand.class, SessionCommand.class, AssessCommand.class, ScopeCommand.class, ProfilesCommand.class, ModesCommand.class, ApprovalsCommand.class, ApproveCommand.class, DenyCommand.class, GrantsCommand.class, DiffCommand.class, RollbackCommand.class, ApplyCommand.class, DiscardCommand.class, LogCommand.class, ReportCommand.class, GcCommand.class, DoctorCommand.class, McpCommand.class, InitCommand.class, HookCommand.class, ServerCommand.class, HelpCommand.class, CompletionCommand.class);

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show debug logs and stack traces.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a subcommand there is nothing to do: show the usage, and say so in the exit code. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
