package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.session.CommandRequest;
import dev.airlock.session.RunResult;
import dev.airlock.session.Session;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock run}: one command in a fresh sandbox, asking first when it needs more than the mode gives. */
@Command(name = "run",
        description = "Run a command in a fresh sandbox container; ask before giving it more than the mode's profile.",
        sortOptions = false)
final class RunCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Mixin
    SessionOptions sessionOptions;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Run with this profile (one the mode reaches) instead of the weakest that covers the command.")
    String profile;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Stop the command after this long (e.g. 30s, 10m); exit 124. Default: the profile's.")
    Duration timeout;

    @Option(names = "--why", paramLabel = "TEXT", description = "Why the command is needed; shown to whoever approves an escalation.")
    String why;

    @Option(names = "--allow-domain", paramLabel = "DOMAIN",
            description = "Grant network access to this domain (or *.suffix) up front (repeatable).")
    List<String> allowDomains = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME",
            description = "Pass this host environment variable in (repeatable). Nothing else of the host's environment passes.")
    List<String> passEnv = new ArrayList<>();

    @Option(names = "--resolve", paramLabel = "NAME=IP",
            description = "Make the egress proxy reach NAME at IP, as curl's --resolve (for internal mirrors and tests; repeatable).")
    List<String> resolve = new ArrayList<>();

    @Option(names = "--no-retry",
            description = "When the sandbox stops the command (read-only workspace, no network), do not offer to run it again with more.")
    boolean noRetry;

    @Option(names = "--json", description = "Print one JSON result (with the command's output in it) instead of streaming.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> command;

    RunCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        Console console = airlock.console();
        for (String name : passEnv) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw AirlockException.usage("--env " + name + ": not an environment variable name", "pass a name such as GITHUB_TOKEN");
            }
        }
        CommandRequest request = new CommandRequest(command, Optional.ofNullable(why), Optional.ofNullable(profile),
                Optional.ofNullable(timeout), passEnv, allowDomains, !noRetry, resolve);
        if (!json) {
            try (Session session = airlock.openSession(sessionOptions, true)) {
                ProcessIO io = new ProcessIO(console.out(), console.err(),
                        console.stdinIsTerminal() ? Optional.empty() : Optional.of(console.in()));
                return report(session.execute(request, io), console);
            }
        }
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Map<String, Object> doc = new LinkedHashMap<>();
        int exit;
        try (Session session = airlock.openSession(sessionOptions, false)) {
            doc.put("session", session.id().value());
            try {
                RunResult result = session.execute(request, new ProcessIO(out, err,
                        console.stdinIsTerminal() ? Optional.empty() : Optional.of(console.in())));
                exit = result.timedOut() ? AirlockException.Kind.TIMEOUT.exitCode() : result.exitCode();
                doc.putAll(Results.json(result));
            } catch (AirlockException e) {
                exit = e.kind().exitCode();
                doc.put("exitCode", exit);
                doc.put("denied", e.kind() == AirlockException.Kind.DENIED);
                doc.put("error", e.getMessage());
                doc.put("hint", e.hint());
            }
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
            console.err().println("airlock: flagged for the report: " + String.join("; ",
                    result.flags().stream().map(r -> r.what() + " " + r.detail()).toList()));
        }
        if (result.timedOut()) {
            console.err().println("airlock: the command ran longer than " + Durations.format(result.timeout())
                    + " and was stopped (use --timeout to give it longer)");
            return AirlockException.Kind.TIMEOUT.exitCode();
        }
        if (result.oomKilled()) {
            console.err().println("airlock: the command hit the memory limit (" + (result.memoryLimit() >> 20)
                    + " MiB) and was killed; a profile with a higher limits.memory would let it finish");
        }
        return result.exitCode();
    }
}
