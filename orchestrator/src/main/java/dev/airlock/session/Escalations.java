package dev.airlock.session;

import dev.airlock.AirlockException;
import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import dev.airlock.approval.Denials;
import dev.airlock.approval.Grant;
import dev.airlock.approval.Grants;
import dev.airlock.approval.RequestKind;
import dev.airlock.approval.Scope;
import dev.airlock.assess.Assessment;
import dev.airlock.assess.Part;
import dev.airlock.audit.AuditEvent;
import dev.airlock.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Puts an escalation to the approvers and records the answer: a session grant is remembered, a denial is
 * logged and thrown as exit 77 with what was needed and how to approve it. Fails closed: an approver that
 * throws is a denial.
 */
final class Escalations {

    /** What an approved escalation is recorded as. */
    record Approved(Answer.Approved answer, AuditEvent.Approval audit, String summary) {
    }

    /** How long a connection waits for an answer about its host; the proxy waits a little longer. */
    static final Duration NETWORK_WAIT = Duration.ofSeconds(10);

    private final SessionId session;
    private final Approver approver;
    private final Duration timeout;
    private final Grants grants;
    private final AuditLog audit;
    private final Consumer<String> notices;
    private final Clock clock;
    /** How the person runs the next command of this session: {@code run}, or {@code exec} in a warm one. */
    private String verb = "run";

    Escalations(SessionId session, Approver approver, Duration timeout, Grants grants, AuditLog audit,
                Consumer<String> notices, Clock clock) {
        this.session = session;
        this.approver = approver;
        this.timeout = timeout;
        this.grants = grants;
        this.audit = audit;
        this.notices = notices;
        this.clock = clock;
    }

    /** A warm session's hints name {@code airlock exec}, the command its person uses (#17). */
    Escalations warm(boolean warm) {
        verb = warm ? "exec" : "run";
        return this;
    }

    /** Asks; returns only when approved, otherwise logs the refusal and throws (exit 77). */
    Approved ask(String commandId, RequestKind kind, List<String> argv, Assessment assessment, String current,
                 String needed, List<Part> parts, List<String> domains, Optional<String> why) {
        var now = clock.instant();
        List<Grant> proposals = Grants.propose(parts, domains, needed, now);
        ApprovalRequest request = ApprovalRequest.of(session.value(), kind, argv, assessment, current, needed, why, proposals, now);
        // the same profile: it is the mode that asks (a delete, a secret), not a missing permission
        notices.accept(commandId + (needed.equals(current) ? " needs a person's approval (" + assessment.tier()
                + "; it runs in " + current + " as it is)" : " needs " + needed + " (this session runs in " + current + ")")
                + "; asking " + approver.name() + " (request " + request.id() + ")");
        Answer answer = decide(request, proposals, now.plus(timeout));
        AuditEvent.Approval recorded = AuditMapping.approval(approver.name(), answer);
        if (answer instanceof Answer.Approved approved) {
            return new Approved(approved, recorded, summary(approved));
        }
        Answer.Denied denied = denial(answer);
        audit.append(new AuditEvent.CommandRefused(clock.instant(), commandId, argv, why, AuditMapping.assessment(assessment),
                needed + (domains.isEmpty() ? "" : " (" + String.join(", ", domains) + ")"), approver.name(),
                denied.reason(), Optional.of(recorded)));
        throw Denials.exception(request, denied, List.of("airlock", verb, "--session", session.value()));
    }

    /**
     * Puts a request to the approvers and records a session grant; never throws (an approver that fails is
     * a denial). The caller records what the answer means for its command.
     */
    Answer decide(ApprovalRequest request, List<Grant> proposals, java.time.Instant deadline) {
        Answer answer;
        try {
            answer = approver.answer(request, deadline);
        } catch (RuntimeException e) {
            answer = new Answer.Denied("the approver failed (" + e.getMessage() + "), so no", approver.name());
        }
        if (answer instanceof Answer.Denied d && Thread.currentThread().isInterrupted()) {
            // the caller went away (Ctrl-C, a killed client) while the request waited: it expired unanswered
            audit.append(new AuditEvent.ApprovalExpired(clock.instant(), request.id(), request.argv(), d.reason()));
        }
        if (answer instanceof Answer.Approved approved && approved.scope() == Scope.SESSION) {
            for (Grant g : proposals) {
                grants.add(g.granted(Scope.SESSION, approved.by(), clock.instant()));
                audit.append(new AuditEvent.Grant(clock.instant(), "session", g.kind().json(), g.value(),
                        approver.name(), Optional.of(approved.by())));
            }
        }
        return answer;
    }

    /**
     * A live request from the egress proxy: a running command wants a host nobody granted. Returns the answer
     * for the proxy; a session approval becomes a domain grant.
     */
    Answer network(String commandId, List<String> argv, Assessment assessment, String profile, String host, int port,
                   Optional<String> why) {
        var now = clock.instant();
        var facts = dev.airlock.egress.HostFacts.of(host);
        if (facts.refusal().isPresent()) {
            notices.accept(commandId + " wants to connect to " + host + ":" + port + "; not asked: " + facts.refusal().get());
            return new Answer.Denied("not asked: " + facts.refusal().get(), "airlock");
        }
        // for the session means this host and port, as asked (a later command to another port is asked again)
        List<Grant> proposals = List.of(Grant.domain(dev.airlock.egress.HostNames.grantEntry(host, port), profile, now));
        ApprovalRequest plain = ApprovalRequest.of(session.value(), new RequestKind.Network(host, port), argv, assessment,
                profile, profile, why, proposals, now);
        // what the name really is goes first: the person reads the name's facts before the command's reasons
        List<dev.airlock.assess.Reason> reasons = new java.util.ArrayList<>();
        facts.warnings().forEach(w -> reasons.add(new dev.airlock.assess.Reason(dev.airlock.assess.Tier.NETWORK, "name", w)));
        reasons.addAll(plain.reasons());
        ApprovalRequest request = new ApprovalRequest(plain.id(), plain.session(), plain.kind(), plain.argv(),
                facts.unicode().equals(host) ? plain.command() : plain.command() + " [" + facts.shown() + "]",
                plain.currentProfile(), plain.neededProfile(), plain.tier(), reasons, plain.domains(), plain.paths(),
                plain.why(), plain.sessionGrants(), plain.created());
        notices.accept(commandId + " wants to connect to " + host + ":" + port + ", which nobody granted; asking "
                + approver.name() + " (request " + request.id() + "); the connection waits up to "
                + NETWORK_WAIT.toSeconds() + " s");
        Answer answer = decide(request, proposals, now.plus(NETWORK_WAIT));
        notices.accept(commandId + " connection to " + host + ":" + port + ": " + switch (answer) {
            case Answer.Approved a -> summary(a);
            case Answer.Denied d -> "denied: " + d.reason();
            case Answer.Passed p -> "not answered: " + p.reason();
        });
        return answer;
    }

    /**
     * Domains asked for up front, for the session's commands ({@code request_network}): a yes for the session
     * becomes domain grants; a yes once is recorded as such (the caller keeps the domains for its next command);
     * a no is recorded as refused. Never throws.
     */
    Answer domains(List<String> domains, String current, String needed, String why) {
        var now = clock.instant();
        var facts = domains.stream().map(dev.airlock.egress.HostFacts::of).toList();
        List<dev.airlock.assess.Reason> reasons = new java.util.ArrayList<>();
        for (var f : facts) {
            reasons.add(new dev.airlock.assess.Reason(dev.airlock.assess.Tier.NETWORK, "network", f.shown()));
            f.warnings().forEach(w -> reasons.add(new dev.airlock.assess.Reason(dev.airlock.assess.Tier.NETWORK, "name", w)));
        }
        List<Grant> proposals = domains.stream().map(d -> Grant.domain(d, needed, now)).toList();
        ApprovalRequest request = new ApprovalRequest(ApprovalRequest.newId(), session.value(), new RequestKind.Command(),
                List.of(), "network access to " + String.join(", ", facts.stream().map(dev.airlock.egress.HostFacts::shown).toList())
                        + " for this session's commands",
                current, needed, dev.airlock.assess.Tier.NETWORK, reasons, domains, List.of(), Optional.of(why), proposals, now);
        notices.accept("request_network: asking " + approver.name() + " for " + String.join(", ", domains)
                + " (request " + request.id() + ")");
        Answer answer = decide(request, proposals, now.plus(timeout));
        switch (answer) {
            case Answer.Approved a when a.scope() == Scope.SESSION -> {
                // decide() granted and recorded them
            }
            case Answer.Approved a -> domains.forEach(d -> audit.append(new AuditEvent.Grant(clock.instant(), "once", "domain", d,
                    approver.name(), Optional.of(a.by()))));
            default -> {
                Answer.Denied denied = denial(answer);
                var recorded = request.reasons().stream().map(r -> new AuditEvent.Reason("NETWORK", r.what(), r.detail())).toList();
                audit.append(new AuditEvent.CommandRefused(clock.instant(), "net-" + DOMAIN_REQUESTS.incrementAndGet(),
                        List.of("request_network"), request.why(),
                        new AuditEvent.Assessment("NETWORK", recorded, request.domains(), List.of(), false),
                        request.neededProfile() + " (" + String.join(", ", request.domains()) + ")", approver.name(),
                        denied.reason(), Optional.of(new AuditEvent.Approval(approver.name(),
                                denied.reason().startsWith("no answer") ? "unanswered" : "denied",
                                Optional.empty(), Optional.of(denied.by()), Optional.of(denied.reason())))));
            }
        }
        return answer;
    }

    private static final java.util.concurrent.atomic.AtomicInteger DOMAIN_REQUESTS = new java.util.concurrent.atomic.AtomicInteger();

    /** A switch of the whole session to a wider mode, put to a person; true when approved. */
    boolean widenMode(dev.airlock.profile.Mode from, dev.airlock.profile.Mode to, Optional<String> why) {
        var now = clock.instant();
        List<String> argv = List.of("set_mode", to.name());
        var reasons = List.of(new dev.airlock.assess.Reason(dev.airlock.assess.Tier.DESTRUCTIVE, "mode",
                "from " + from.name() + " (" + from.profile() + ") to " + to.name() + " (" + to.profile() + ")"));
        ApprovalRequest request = new ApprovalRequest(ApprovalRequest.newId(), session.value(),
                new RequestKind.ModeChange(from.name(), to.name()), argv,
                "switch this session from mode " + from.name() + " to mode " + to.name(), from.profile(), to.profile(),
                dev.airlock.assess.Tier.DESTRUCTIVE, reasons, List.of(), List.of(), why, List.of(), now);
        notices.accept("the agent asks to switch session " + session.value() + " from mode " + from.name() + " to "
                + to.name() + "; asking " + approver.name() + " (request " + request.id() + ")");
        Answer answer = decide(request, List.of(), now.plus(timeout));
        if (answer instanceof Answer.Approved approved) {
            audit.append(new AuditEvent.Grant(clock.instant(), "once", "mode", to.name(), approver.name(),
                    Optional.of(approved.by())));
            return true;
        }
        Answer.Denied denied = denial(answer);
        audit.append(new AuditEvent.CommandRefused(clock.instant(), "mode-" + request.id(), argv, why,
                new AuditEvent.Assessment("destructive", List.of(new AuditEvent.Reason("destructive", "mode",
                        reasons.getFirst().detail())), List.of(), List.of(), false),
                "mode " + to.name(), approver.name(), denied.reason(), Optional.of(AuditMapping.approval(approver.name(), answer))));
        notices.accept("switch to mode " + to.name() + " not approved: " + denied.reason());
        return false;
    }

    /**
     * A new or changed project image definition, put to a person before it is built or used (the sandbox can
     * write it); returns when approved, otherwise logs the refusal and throws (exit 77).
     */
    void projectImage(String commandId, String profile, String definition, String inputs, String summary, List<String> shown) {
        var now = clock.instant();
        List<String> argv = List.of("airlock", "project-image", definition);
        List<dev.airlock.assess.Reason> reasons = new java.util.ArrayList<>();
        reasons.add(new dev.airlock.assess.Reason(dev.airlock.assess.Tier.DESTRUCTIVE, "project image",
                definition + " is new or changed since its image was last approved; the sandbox can write it"));
        shown.forEach(line -> reasons.add(new dev.airlock.assess.Reason(dev.airlock.assess.Tier.DESTRUCTIVE, "definition", line)));
        ApprovalRequest request = new ApprovalRequest(ApprovalRequest.newId(), session.value(),
                new RequestKind.ProjectImage(definition, inputs.substring(0, 16)), argv, summary, profile, profile,
                dev.airlock.assess.Tier.DESTRUCTIVE, reasons, List.of(), List.of(definition), Optional.empty(), List.of(), now);
        notices.accept(commandId + " runs on the workspace's own image, whose definition " + definition
                + " is new or changed; asking " + approver.name() + " (request " + request.id() + ")");
        Answer answer = decide(request, List.of(), now.plus(timeout));
        if (answer instanceof Answer.Approved approved) {
            audit.append(new AuditEvent.Grant(clock.instant(), "once", "project-image", inputs, approver.name(),
                    Optional.of(approved.by())));
            return;
        }
        Answer.Denied denied = denial(answer);
        audit.append(new AuditEvent.CommandRefused(clock.instant(), commandId, argv, Optional.empty(),
                new AuditEvent.Assessment("destructive", List.of(new AuditEvent.Reason("destructive", "project image",
                        reasons.getFirst().detail())), List.of(), List.of(), false),
                "project image " + inputs.substring(0, 16), approver.name(), denied.reason(),
                Optional.of(AuditMapping.approval(approver.name(), answer))));
        throw Denials.exception(request, denied, List.of("airlock", "run", "--session", session.value()));
    }

    static Answer.Denied denial(Answer answer) {
        return switch (answer) {
            case Answer.Denied d -> d;
            case Answer.Passed p -> new Answer.Denied("nobody answered: " + p.reason(), p.by());
            case Answer.Approved a -> throw new IllegalArgumentException("not a denial");
        };
    }

    private String summary(Answer.Approved approved) {
        return "approved " + approved.scope().name().toLowerCase(Locale.ROOT) + " by " + approved.by() + " (" + approver.name() + ")";
    }

    /** A refusal that nobody was asked about (a deny rule, or a mode that cannot reach the profile). */
    AirlockException refused(String commandId, List<String> argv, Optional<String> why, Assessment assessment,
                             String needed, String deniedBy, String message, String hint) {
        audit.append(new AuditEvent.CommandRefused(clock.instant(), commandId, argv, why, AuditMapping.assessment(assessment),
                needed, deniedBy, message, Optional.empty()));
        return new AirlockException(AirlockException.Kind.DENIED, "not run: " + message, hint);
    }
}
