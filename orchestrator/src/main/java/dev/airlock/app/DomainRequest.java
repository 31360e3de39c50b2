package dev.airlock.app;

import dev.airlock.approval.Answer;
import dev.airlock.approval.Scope;
import dev.airlock.egress.HostFacts;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.NetworkMode;
import dev.airlock.profile.Profile;
import dev.airlock.session.Session;
import java.net.IDN;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Domains asked for up front (the MCP server's {@code request_network}), through the session's one escalation
 * path: the approvers are asked once; a yes for the session becomes domain grants (the planner then runs commands
 * reaching only those domains without asking, and the egress proxy lets them through); a yes once allows them
 * for the caller's next command only.
 */
public final class DomainRequest {

    /** How a request for domains ended. */
    public sealed interface Outcome {
    }

    /** Not asked, since no one should approve it (a name that is an address, a private name, ...). */
    public record NotAsked(String refusal) implements Outcome {
    }

    /** The mode's own profile has the open network already. */
    public record OpenAlready(String mode) implements Outcome {
    }

    /** The mode reaches no profile with network access, so no approval could give it. */
    public record NoNetwork(String mode) implements Outcome {
    }

    /** Every domain is granted for the session already. */
    public record AlreadyGranted(List<String> domains) implements Outcome {
    }

    /** Granted for the rest of the session; commands that reach only these run in {@code profile} without asking. */
    public record ForSession(String by, List<String> domains, String profile) implements Outcome {
    }

    /** Granted for the caller's next command only: the caller keeps {@code domains} for it. */
    public record Once(String by, List<String> domains) implements Outcome {
    }

    /** Not granted, by {@code by}; recorded as refused in the audit log. */
    public record Denied(String reason, String by) implements Outcome {
    }

    private static final Pattern HOST = Pattern.compile("(\\*\\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\\.)+[a-z][a-z0-9-]{0,62}");

    private DomainRequest() {
    }

    /** A host name as grants hold it (lower case, no trailing dot, IDN as punycode), or empty if it is not one. */
    public static Optional<String> domain(String raw) {
        String d = raw.strip().toLowerCase(Locale.ROOT);
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        try {
            String prefix = d.startsWith("*.") ? "*." : "";
            d = prefix + IDN.toASCII(d.substring(prefix.length()), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return d.length() <= 253 && HOST.matcher(d).matches() ? Optional.of(d) : Optional.empty();
    }

    /** Asks {@code approver} for {@code domains} (each as {@link #domain} gives it) for the session's commands. */
    static Outcome ask(Session session, Catalog catalog, List<String> domains, String why, Session.Caller caller) {
        for (String d : domains) {
            var refusal = HostFacts.of(d).refusal();
            if (refusal.isPresent()) {
                return new NotAsked(refusal.get());
            }
        }
        Profile base = catalog.profile(session.mode().profile());
        if (base.network() == NetworkMode.OPEN) {
            return new OpenAlready(session.mode().name());
        }
        Optional<Profile> allowlisted = catalog.reachable(session.mode()).stream()
                .filter(p -> p.network() == NetworkMode.ALLOWLISTED).findFirst();
        if (allowlisted.isEmpty()) {
            return new NoNetwork(session.mode().name());
        }
        List<String> missing = domains.stream().distinct().filter(d -> !session.grants().covers(d)).toList();
        if (missing.isEmpty()) {
            return new AlreadyGranted(domains.stream().distinct().toList());
        }
        var answer = session.askForDomains(missing, allowlisted.get(), why, caller);
        return switch (answer) {
            case Answer.Approved a when a.scope() == Scope.SESSION -> new ForSession(a.by(), missing, allowlisted.get().name());
            case Answer.Approved a -> new Once(a.by(), missing);
            case Answer.Denied d -> new Denied(d.reason(), d.by());
            case Answer.Passed p -> new Denied("nobody answered: " + p.reason(), p.by());
        };
    }
}
