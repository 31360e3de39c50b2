package dev.airlock.cli;

import picocli.CommandLine.Command;

/** {@code airlock hook CLIENT}: the programs a coding agent's hooks run, one per client (without one: a usage error). */
@Command(footerHeading = "%nExamples:%n",
        footer = {"  airlock hook claude-code --airlock scripts/airlock   # the call on stdin", "  airlock hook claude-code --airlock scripts/airlock --workspace .", "  airlock hook codex --airlock scripts/airlock"},
        name = "hook", description = "The hook programs coding agents run before a tool call (set up by airlock init).",
        subcommands = {HookClaudeCode.class, HookCodex.class, HookRun.class})
final class HookCommand {
}
