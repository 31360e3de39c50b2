package dev.airlock.cli;

import dev.airlock.app.Console;
import dev.airlock.text.Clean;
import dev.airlock.AirlockException;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.session.RunResult;
import dev.airlock.app.Task;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code airlock run}: one command in a fresh sandbox, asking first when it needs more than the mode gives. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock run -- make test", "  airlock run --mode read-only -- grep -rn TODO src", "  airlock run --allow-domain registry.npmjs.org --why \"install deps\" -- npm ci"},
        name = "run",
        description = "Run a command in a fresh sandbox container; ask before giving it more than the mode's profile.",
        sortOptions = false)
final class RunCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Mixin
    SessionOptions sessionOptions;

    @Mixin
    CommandOptions options;

    RunCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        Interactive.refuse(airlock.console(), options.command);
        var request = options.request();
        try (Task session = airlock.openSession(sessionOptions, !options.json, request)) {
            return execute(airlock.console(), options.json, session.id().value(), (s, io) -> session.execute(request, io));
        }
    }

    /**
     * Runs through {@code run} with the console's streams, or, with {@code json}, captures them into one JSON
     * result. Shared by {@code run} and {@code exec}.
     */
    static int execute(Console console, boolean json, String sessionId, BiFunction<String, ProcessIO, RunResult> run) {
        Optional<java.io.InputStream> stdin = console.stdinIsTerminal() ? Optional.empty() : Optional.of(console.in());
        if (!json) {
            return report(run.apply(sessionId, new ProcessIO(console.out(), console.err(), stdin)), console);
        }
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", JsonVersion.VERSION);
        doc.put("session", sessionId);
        int exit;
        try {
            RunResult result = run.apply(sessionId, new ProcessIO(out, err, stdin));
            exit = result.timedOut() ? AirlockException.Kind.TIMEOUT.exitCode() : result.exitCode();
            doc.putAll(Results.json(result));
        } catch (dev.airlock.session.Interrupted e) {
            exit = e.kind().exitCode();
            doc.putAll(Results.json(e.result()));
            doc.put("interrupted", true);
        } catch (AirlockException e) {
            exit = e.kind().exitCode();
            doc.put("exitCode", exit);
            doc.put("denied", e.kind() == AirlockException.Kind.DENIED);
            doc.put("error", e.getMessage());
            doc.put("hint", e.hint());
            // the same as fields a program can read without parsing prose
            doc.put("failure", Map.of("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT), "exitCode", exit,
                    "message", e.getMessage(), "hint", e.hint()));
        }
        doc.put("stdout", out.toString(StandardCharsets.UTF_8));
        doc.put("stderr", err.toString(StandardCharsets.UTF_8));
        console.out().println(Json.write(doc));
        return exit;
    }

    /** The command's own status, with a line on stderr when a limit ended or cut it. */
    static int report(RunResult result, Console console) {
        if (result.truncated()) {
            console.err().println("airlock: output was cut after " + result.outputLimit()
                    + " bytes per stream (the profile's output limit); the command ran to its end");
        }
        if (!result.flags().isEmpty()) {
            console.err().println("airlock: flagged for the report: " + Clean.line(String.join("; ",
                    result.flags().stream().map(r -> r.what() + " " + r.detail()).toList())));
        }
        if (result.timedOut()) {
            console.err().println("airlock: the command ran longer than " + Durations.format(result.timeout())
                    + " and was stopped (--timeout can only shorten the profile's limits.timeout; raise that in your own profile to give it longer)");
            return AirlockException.Kind.TIMEOUT.exitCode();
        }
        if (result.oomKilled() && result.exitCode() == 137) {
            console.err().println("airlock: the command hit the memory limit (" + (result.memoryLimit() >> 20)
                    + " MiB) and was killed; a profile with a higher limits.memory would let it finish");
        } else if (result.oomKilled()) {
            console.err().println("airlock: a process the command started hit the memory limit (" + (result.memoryLimit() >> 20)
                    + " MiB) and was killed, though the command exited " + result.exitCode()
                    + "; a profile with a higher limits.memory would let it finish");
        }
        return result.exitCode();
    }
}
