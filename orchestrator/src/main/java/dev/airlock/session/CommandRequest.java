package dev.airlock.session;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One command a caller wants run.
 *
 * @param argv            the program and its arguments (no shell unless the caller names one)
 * @param justification   why the caller needs it, shown to whoever approves an escalation
 * @param profile         a profile asked for by name, instead of the weakest that covers the command
 * @param timeout         a shorter wall time than the profile's limit (a longer one is not granted)
 * @param passEnv         names of host environment variables the caller passes in (recorded)
 * @param allowDomains    domains granted up front for this command ({@code --allow-domain})
 * @param retryOnDenial   when the sandbox stops the command (read-only workspace, no network), offer the
 *                        escalation and run it again if approved
 * @param resolve         {@code NAME=IP} mappings the egress proxy uses instead of DNS ({@code --resolve}, as curl's)
 */
public record CommandRequest(List<String> argv, Optional<String> justification, Optional<String> profile,
                             Optional<Duration> timeout, List<String> passEnv, List<String> allowDomains,
                             boolean retryOnDenial, List<String> resolve) {

    public CommandRequest {
        argv = List.copyOf(argv);
        passEnv = List.copyOf(passEnv);
        allowDomains = List.copyOf(allowDomains);
        resolve = List.copyOf(resolve);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
    }

    public static CommandRequest of(List<String> argv) {
        return new CommandRequest(argv, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), true, List.of());
    }

    public CommandRequest withProfile(String name) {
        return new CommandRequest(argv, justification, Optional.of(name), timeout, passEnv, allowDomains, false, resolve);
    }
}
