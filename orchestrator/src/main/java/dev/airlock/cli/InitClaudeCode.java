package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.agents.ClaudeCodeSetup;
import dev.airlock.agents.InitRecord;
import dev.airlock.agents.JsonEdits;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock init claude-code}: Claude Code's Bash tool through Airlock, set up outside the project folder. */
@Command(footerHeading = "%nExamples:%n",
        footer = {"  airlock init claude-code --dry-run", "  airlock init claude-code --scope user --mcp", "  airlock init claude-code --undo"},
        name = "claude-code", description = "Send Claude Code's Bash tool through Airlock: a PreToolUse hook in ~/.claude/settings.json "
        + "(for this project, or with --scope user for every project), and with --mcp Airlock's MCP server too.")
final class InitClaudeCode implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--scope", defaultValue = "project", paramLabel = "SCOPE",
            description = "project (this workspace only) or user (every project Claude Code opens) (default: ${DEFAULT-VALUE}).")
    String scope;

    @picocli.CommandLine.Mixin
    WorkspaceOption workspace;

    @Option(names = "--mode", defaultValue = "default", paramLabel = "MODE", description = "The mode of the agent's sessions (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--mcp", description = "Also add Airlock's MCP server (run_command, diff, rollback, ...) and allow its tools.")
    boolean mcp;

    @Option(names = "--airlock", paramLabel = "PATH",
            description = "The airlock command the hook runs (default: the launcher that runs this, $AIRLOCK_LAUNCHER).")
    String command;

    @Option(names = "--dry-run", description = "Print exactly what would be written (with --undo: removed), and change nothing.")
    boolean dryRun;

    @Option(names = "--undo", description = "Remove what airlock init claude-code added, and nothing else.")
    boolean undo;

    InitClaudeCode(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        if (undo) {
            return InitCommand.undo(airlock, Optional.of("claude-code"), dryRun);
        }
        if (!scope.equals("project") && !scope.equals("user")) {
            throw AirlockException.usage("--scope " + scope + ": not a scope", "use --scope project or --scope user");
        }
        String launcher = Optional.ofNullable(command).or(() -> Optional.ofNullable(airlock.console().env().get("AIRLOCK_LAUNCHER")))
                .orElseThrow(() -> AirlockException.usage("which airlock should Claude Code run?",
                        "pass --airlock /path/to/airlock/scripts/airlock (scripts/airlock sets it itself)"));
        if (!Path.of(launcher).isAbsolute()) {
            throw AirlockException.usage("--airlock " + launcher + ": not an absolute path", "pass the full path of scripts/airlock");
        }
        Optional<Path> project = Optional.empty();
        if (scope.equals("project")) {
            Path root = dev.airlock.session.Workspace.open(workspace.path(airlock.console())).root();
            dev.airlock.scope.WorkspaceGuard.check(root, airlock.homes(), airlock.airlockFolders(), false);
            project = Optional.of(root);
        }
        String home = airlock.console().env().getOrDefault("HOME", System.getProperty("user.home"));
        var setup = new ClaudeCodeSetup(Path.of(home), launcher, project, mode, mcp);
        airlock.catalog(project).mode(mode);
        var edits = setup.edits();
        var out = airlock.console().out();
        if (dryRun) {
            out.print(JsonEdits.preview(edits));
            return 0;
        }
        var applied = JsonEdits.apply(edits);
        InitRecord.add(airlock.state().root(), "claude-code", applied);
        for (var a : applied) {
            out.println((a.createdFile() ? "created " : "added to ") + a.edit().file() + ": " + a.edit().where());
        }
        if (applied.isEmpty()) {
            out.println("nothing to add: Claude Code is set up already");
        }
        out.println("Claude Code's Bash tool now runs through Airlock" + project.map(p -> " in " + p).orElse(" in every project")
                + " (mode " + mode + "); approvals: airlock approvals, airlock approve ID. Undo: airlock init claude-code --undo");
        return 0;
    }
}
