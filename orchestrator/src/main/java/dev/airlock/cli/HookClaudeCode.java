package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.agents.ClaudeCodeHook;
import dev.airlock.agents.ShellHook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code airlock hook claude-code}: Claude Code's PreToolUse program for its Bash tool. It runs in the Airlock server
 * (the native client hands it over like any command, so no JVM starts per call), finds the project's warm session,
 * judges the command there and answers: rewritten through {@code airlock exec} (allow), refused with the reason
 * (deny), or rewritten to wait in the approval queue for a person.
 */
@Command(footerHeading = "%nExamples:%n",
        footer = {"  airlock hook claude-code --airlock scripts/airlock   # the call on stdin", "  airlock hook claude-code --airlock scripts/airlock --mode read-only"},
        name = "claude-code", description = "Claude Code's PreToolUse hook for Bash: reads the hook's JSON on stdin, answers with "
        + "the command rewritten to run through Airlock, or refused with the reason.")
final class HookClaudeCode implements Callable<Integer> {

    private final Airlock airlock;

    @Mixin
    HookOptions hook;

    HookClaudeCode(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() throws IOException {
        String stdin = new String(airlock.console().in().readAllBytes(), StandardCharsets.UTF_8);
        Optional<ClaudeCodeHook.Call> parsed;
        try {
            parsed = ClaudeCodeHook.Call.parse(stdin, airlock.console().env());
        } catch (IllegalArgumentException e) {
            throw AirlockException.usage(e.getMessage(), "airlock hook claude-code is run by Claude Code's PreToolUse hook");
        }
        if (parsed.isEmpty()) {
            return 0; // not a Bash call: nothing to say
        }
        var call = parsed.get();
        Optional<Path> project = hook.project(call.projectDir());
        if (project.isEmpty()) {
            return 0; // another project's call: this hook was set up for one project only
        }
        String id = ProjectShell.session(airlock, "claude-code", project.get(), hook.mode);
        ShellHook.Verdict verdict = ProjectShell.verdict(airlock, id, call.command(), call.description());
        Optional<String> grant = verdict instanceof ShellHook.Verdict.NeedsPerson && call.promptsPerson()
                ? Optional.of(new dev.airlock.agents.PromptGrants(airlock.state().root())
                        .mint(id, ShellHook.argv(call.command()), java.time.Instant.now()))
                : Optional.empty();
        airlock.console().out().println(Json.write(ClaudeCodeHook.answer(call, verdict, hook.command, id, grant)));
        return 0;
    }
}
