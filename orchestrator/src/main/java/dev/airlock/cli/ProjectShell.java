package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.agents.ProjectSessions;
import dev.airlock.agents.ShellHook;
import dev.airlock.app.Task;
import dev.airlock.assess.Assessment;
import dev.airlock.policy.Decision;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The server side every shell-tool hook shares ({@code airlock hook claude-code}, {@code airlock hook codex}): the
 * project's warm session for a client, and what that session's mode, rules and grants make of one command.
 */
final class ProjectShell {

    private ProjectShell() {
    }

    /** The client's warm session for the project: the one it had, while it exists and runs in {@code mode}, else a new one. */
    static String session(Airlock airlock, String client, Path project, String mode) {
        return new ProjectSessions(airlock.state().root(), client).sessionFor(project, id -> {
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

    /** The verdict on {@code command} as the shell tool would run it ({@code bash -c}) in session {@code id}. */
    static ShellHook.Verdict verdict(Airlock airlock, String id, String command, Optional<String> why) {
        Task session = airlock.app().warm(id);
        try {
            var preview = session.preview(ShellHook.argv(command), List.of());
            Assessment a = preview.assessment();
            return switch (preview.decision()) {
                case Decision.Run r -> new ShellHook.Verdict.Runs("profile " + r.profile().name() + ", session " + session.id());
                case Decision.Refuse r -> new ShellHook.Verdict.Refused(r.message(), r.hint());
                case Decision.Escalate e -> new ShellHook.Verdict.NeedsPerson(
                        dev.airlock.text.Clean.line(command),
                        a.tier().name() + " (" + e.reasons().stream().limit(3).map(x -> x.what() + " " + x.detail())
                                .collect(Collectors.joining("; ")) + "); needs profile " + e.needed().name()
                                + (e.domains().isEmpty() ? "" : ", network: " + String.join(", ", e.domains())),
                        why.map(w -> "\"" + dev.airlock.text.Clean.line(w) + "\"").orElse("no reason given"));
            };
        } finally {
            airlock.app().release(session);
        }
    }
}
