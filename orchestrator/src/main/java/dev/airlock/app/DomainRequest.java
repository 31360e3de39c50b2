package dev.airlock.app;

import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import dev.airlock.approval.Grant;
import dev.airlock.approval.RequestKind;
import dev.airlock.approval.Scope;
import dev.airlock.assess.Reason;
import dev.airlock.assess.Tier;
import dev.airlock.audit.AuditEvent;
import dev.airlock.egress.HostFacts;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.NetworkMode;
import dev.airlock.profile.Profile;
import dev.airlock.session.Session;
import java.net.IDN;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Domains asked for up front (the MCP server's {@code request_network}): the approvers are asked once; a yes for
 * the session becomes domain grants (the planner then runs commands reaching only those domains without asking,
 * and the egress proxy lets them through); a yes once allows them for the caller's next command only.
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
    private static final AtomicInteger REQUESTS = new AtomicInteger();

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
    static Outcome ask(Session session, Catalog catalog, List<String> domains, String why, Approver approver,
                       Duration approvalTimeout, Consumer<String> notices) {
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
        return ask(session, base, allowlisted.get(), missing, why, approver, approvalTimeout, notices);
    }

    private static Outcome ask(Session session, Profile base, Profile needed, List<String> domains, String why,
                               Approver approver, Duration approvalTimeout, Consumer<String> notices) {
        Instant now = Instant.now();
        var facts = domains.stream().map(HostFacts::of).toList();
        List<Reason> reasons = new ArrayList<>();
        for (var f : facts) {
            reasons.add(new Reason(Tier.NETWORK, "network", f.shown()));
            f.warnings().forEach(w -> reasons.add(new Reason(Tier.NETWORK, "name", w)));
        }
        ApprovalRequest request = new ApprovalRequest(ApprovalRequest.newId(), session.id().value(), new RequestKind.Command(),
                List.of(), "network access to " + String.join(", ", facts.stream().map(HostFacts::shown).toList())
                        + " for this session's commands",
                base.name(), needed.name(), Tier.NETWORK, reasons, domains, List.of(),
                Optional.of(why), domains.stream().map(d -> Grant.domain(d, needed.name(), now)).toList(), now);
        String approverName = approver.name();
        notices.accept("request_network: asking " + approverName + " for " + String.join(", ", domains)
                + " (request " + request.id() + ")");
        Answer answer;
        try {
            answer = approver.answer(request, now.plus(approvalTimeout));
        } catch (RuntimeException e) {
            answer = new Answer.Denied("the approver failed (" + e.getMessage() + "), so no", approverName);
        }
        var audit = session.audit();
        return switch (answer) {
            case Answer.Approved a when a.scope() == Scope.SESSION -> {
                for (Grant g : request.sessionGrants()) {
                    session.grants().add(g.granted(Scope.SESSION, a.by(), Instant.now()));
                    audit.append(new AuditEvent.Grant(Instant.now(), "session", "domain", g.value(), approverName, Optional.of(a.by())));
                }
                yield new ForSession(a.by(), domains, needed.name());
            }
            case Answer.Approved a -> {
                domains.forEach(d -> audit.append(new AuditEvent.Grant(Instant.now(), "once", "domain", d, approverName,
                        Optional.of(a.by()))));
                yield new Once(a.by(), domains);
            }
            case Answer.Denied d -> refused(session, request, approverName, d);
            case Answer.Passed p -> refused(session, request, approverName, new Answer.Denied("nobody answered: " + p.reason(), p.by()));
        };
    }

    private static Outcome refused(Session session, ApprovalRequest request, String approverName, Answer.Denied denied) {
        var reasons = request.reasons().stream().map(r -> new AuditEvent.Reason("network", r.what(), r.detail())).toList();
        session.audit().append(new AuditEvent.CommandRefused(Instant.now(), "net-" + REQUESTS.incrementAndGet(),
                List.of("request_network"), request.why(),
                new AuditEvent.Assessment("network", reasons, request.domains(), List.of(), false),
                request.neededProfile() + " (" + String.join(", ", request.domains()) + ")", approverName, denied.reason(),
                Optional.of(new AuditEvent.Approval(approverName, denied.reason().startsWith("no answer") ? "unanswered" : "denied",
                        Optional.empty(), Optional.of(denied.by()), Optional.of(denied.reason())))));
        return new Denied(denied.reason(), denied.by());
    }
}
