package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.agents.ClaudeCodeHook;
import dev.airlock.agents.ProjectSessions;
import dev.airlock.app.Task;
import dev.airlock.assess.Assessment;
import dev.airlock.policy.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Option(names = "--airlock", required = true, paramLabel = "PATH", description = "The airlock command the rewritten line runs.")
    String command;

    @Option(names = "--mode", defaultValue = "default", paramLabel = "MODE", description = "The mode of a new session (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Only for this project; calls in other projects pass unchanged.")
    Path workspace;

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
        Path project = dev.airlock.session.Workspace.open(call.projectDir()).root();
        if (workspace != null && !project.startsWith(dev.airlock.session.Workspace.open(workspace).root())) {
            return 0; // another project's call: this hook was set up for one project only
        }
        String id = projectSession(project);
        Task session = airlock.app().warm(id);
        ClaudeCodeHook.Verdict verdict;
        try {
            verdict = verdict(session, call);
        } finally {
            airlock.app().release(session);
        }
        Optional<String> grant = verdict instanceof ClaudeCodeHook.Verdict.NeedsPerson && call.promptsPerson()
                ? Optional.of(new dev.airlock.agents.PromptGrants(airlock.state().root())
                        .mint(id, List.of("bash", "-c", call.command()), java.time.Instant.now()))
                : Optional.empty();
        airlock.console().out().println(Json.write(ClaudeCodeHook.answer(call, verdict, command, id, grant)));
        return 0;
    }

    /** The project's warm session: the one it had, while it exists and runs in the mode asked, else a new one. */
    private String projectSession(Path project) {
        return new ProjectSessions(airlock.state().root(), "claude-code").sessionFor(project, id -> {
            try {
                var info = airlock.app().files(id).info();
                return info.workspace().equals(project) && info.mode().equals(mode);
            } catch (AirlockException e) {
                return false;
            }
        }, () -> {
            // the hook's own session: the project's folder, the mode it was set up with; it never asks at a terminal
            var opening = new dev.airlock.app.Opening(Optional.empty(), Optional.of(mode), project, true, false, false,
                    Optional.empty(), java.time.Duration.ofMinutes(5));
            Task started = airlock.app().startWarm(opening);
            String startedId = started.id().value();
            airlock.app().release(started);
            return startedId;
        });
    }

    /** What the session's mode, rules and grants make of the command, as the Bash tool would run it ({@code bash -c}). */
    private ClaudeCodeHook.Verdict verdict(Task session, ClaudeCodeHook.Call call) {
        List<String> argv = List.of("bash", "-c", call.command());
        var preview = session.preview(argv, List.of());
        Assessment a = preview.assessment();
        Decision d = preview.decision();
        return switch (d) {
            case Decision.Run r -> new ClaudeCodeHook.Verdict.Runs("profile " + r.profile().name() + ", session " + session.id());
            case Decision.Refuse r -> new ClaudeCodeHook.Verdict.Refused(r.message(), r.hint());
            case Decision.Escalate e -> new ClaudeCodeHook.Verdict.NeedsPerson(
                    dev.airlock.text.Clean.line(call.command()),
                    a.tier().name() + " (" + e.reasons().stream().limit(3).map(x -> x.what() + " " + x.detail())
                            .collect(Collectors.joining("; ")) + "); needs profile " + e.needed().name()
                            + (e.domains().isEmpty() ? "" : ", network: " + String.join(", ", e.domains())),
                    call.description().map(w -> "\"" + dev.airlock.text.Clean.line(w) + "\"").orElse("no reason given"));
        };
    }
}
