package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.session.CommandRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What one command to run says about itself: shared by {@code run} and {@code exec}. */
final class CommandOptions {

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Run with this profile (one the mode reaches) instead of the weakest that covers the command.")
    String profile;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Stop the command after this long (e.g. 30s, 10m); exit 124. Default and maximum: the profile's limit.")
    Duration timeout;

    @Option(names = "--why", paramLabel = "TEXT", description = "Why the command is needed; shown to whoever approves an escalation.")
    String why;

    @Option(names = "--allow-domain", paramLabel = "DOMAIN",
            description = "Grant network access to this domain (or *.suffix, or host:port) up front (repeatable).")
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

    CommandRequest request() {
        for (String name : passEnv) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw AirlockException.usage("--env " + name + ": not an environment variable name", "pass a name such as GITHUB_TOKEN");
            }
        }
        return new CommandRequest(command, Optional.ofNullable(why), Optional.ofNullable(profile), Optional.ofNullable(timeout),
                passEnv, allowDomains, !noRetry, resolve);
    }
}
