package dev.airlock.agents;

import java.util.Optional;

/**
 * What the shell-tool hooks of every client share (Claude Code's and Codex's {@code PreToolUse}): Airlock's verdict
 * on one command, the three questions a person is asked, and the line that runs the command through
 * {@code airlock exec} in the project's warm session. Each client's hook only parses its input and words its answer.
 */
public final class ShellHook {

    /** Told to the model with each call that runs: it sees host paths everywhere else. */
    public static final String CONTEXT = "This shell command runs in Airlock's sandbox: the project folder is mounted at /workspace "
            + "there (the command starts in it) and nothing else of the host is visible, so use paths relative to the project.";

    private ShellHook() {
    }

    /** What Airlock says about the command, from its assessment and plan in the project's session. */
    public sealed interface Verdict permits Verdict.Runs, Verdict.NeedsPerson, Verdict.Refused {

        /** Runs in the session's mode with nobody asked; {@code summary} says in which profile. */
        record Runs(String summary) implements Verdict {
        }

        /** A person must say yes: the three questions a person is asked, each in one line. */
        record NeedsPerson(String whatRuns, String affects, String why) implements Verdict {
        }

        /** Refused before anything runs (a deny rule, or more than the mode can give). */
        record Refused(String message, String hint) implements Verdict {
        }
    }

    /** The words a client's shell tool runs a command with, and so what Airlock judges and runs. */
    public static java.util.List<String> argv(String command) {
        return java.util.List.of("bash", "-c", command);
    }

    /** What the model reads when Airlock refuses: nothing ran, and why. */
    public static String refusal(Verdict.Refused r) {
        return "Airlock refused this command; nothing ran. " + r.message() + (r.hint().isBlank() ? "" : " (" + r.hint() + ")");
    }

    /** The three questions, as the client shows a reason. */
    public static String questions(Verdict.NeedsPerson n) {
        return "Airlock asks before this runs.\n  What will run: " + n.whatRuns() + "\n  What it affects: " + n.affects()
                + "\n  Why: " + n.why();
    }

    /** Where a person answers a command that waits in the queue. */
    public static final String QUEUE = "Airlock waits for your answer: airlock approvals, then airlock approve ID or airlock deny ID.";

    /**
     * {@code airlock exec --session S --approver queue [--why '...'] -- bash -c 'CMD'}: every word quoted so that
     * nothing of the agent's command or description is read by the host's shell. The program stays bare when it can.
     */
    public static String execLine(String airlock, String session, Optional<String> why, Optional<String> promptGrant, String command) {
        var line = new StringBuilder(program(airlock)).append(" exec --session ").append(quote(session))
                .append(" --approver queue");
        promptGrant.ifPresent(t -> line.append(" --prompt-grant ").append(t));
        why.ifPresent(w -> line.append(" --why ").append(quote(w)));
        return line.append(" -- bash -c ").append(quote(command)).toString();
    }

    /** A program path as one shell word: bare when it holds only characters no shell reads specially, else quoted. */
    public static String program(String path) {
        return path.matches("[A-Za-z0-9/._+-]+") && !path.startsWith("-") ? path : quote(path);
    }

    /** One word for a POSIX shell: inside single quotes, a quote is closed, escaped and reopened. */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
