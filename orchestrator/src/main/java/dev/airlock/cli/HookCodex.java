package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.agents.CodexHook;
import dev.airlock.agents.HookLines;
import dev.airlock.agents.ShellHook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code airlock hook codex}: Codex CLI's PreToolUse program for its shell tool. Like {@code airlock hook claude-code}
 * it runs in the Airlock server, finds the project's warm session, judges the command there and answers: rewritten
 * through {@code airlock exec} (allow), refused with the reason (deny), or rewritten to wait in the approval queue.
 */
@Command(footerHeading = "%nExamples:%n",
        footer = {"  airlock hook codex --airlock scripts/airlock   # the call on stdin", "  airlock hook codex --airlock scripts/airlock --mode read-only"},
        name = "codex", description = "Codex CLI's PreToolUse hook for its shell tool: reads the hook's JSON on stdin, answers with "
        + "the command rewritten to run through Airlock, or refused with the reason.")
final class HookCodex implements Callable<Integer> {

    private final Airlock airlock;

    @Mixin
    HookOptions hook;

    HookCodex(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() throws IOException {
        String stdin = new String(airlock.console().in().readAllBytes(), StandardCharsets.UTF_8);
        Optional<CodexHook.Call> parsed;
        try {
            parsed = CodexHook.Call.parse(stdin);
        } catch (IllegalArgumentException e) {
            throw AirlockException.usage(e.getMessage(), "airlock hook codex is run by Codex's PreToolUse hook");
        }
        if (parsed.isEmpty()) {
            airlock.console().out().println(Json.write(CodexHook.pass())); // not a shell call: nothing to say
            return 0;
        }
        var call = parsed.get();
        Optional<Path> project = hook.project(call.projectDir());
        if (project.isEmpty()) {
            airlock.console().out().println(Json.write(CodexHook.pass())); // another project's call
            return 0;
        }
        String id = ProjectShell.session(airlock, "codex", project.get(), hook.mode);
        var verdict = ProjectShell.verdict(airlock, id, call.command(), call.why());
        // what runs is kept here, behind a token; the line Codex runs (and lets out of its sandbox) carries only that
        String token = verdict instanceof ShellHook.Verdict.Refused ? ""
                : new HookLines(airlock.state().root()).mint(new HookLines.Line(id, ShellHook.argv(call.command()), call.why()),
                        java.time.Instant.now());
        airlock.console().out().println(Json.write(CodexHook.answer(call, verdict, hook.command, token)));
        return 0;
    }
}
