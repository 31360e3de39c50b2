package dev.airlock.cli;

import picocli.CommandLine.Command;

/** {@code airlock hook CLIENT}: the programs a coding agent's hooks run, one per client (without one: a usage error). */
@Command(name = "hook", description = "The hook programs coding agents run before a tool call (set up by airlock init).",
        subcommands = {HookClaudeCode.class})
final class HookCommand {
}
