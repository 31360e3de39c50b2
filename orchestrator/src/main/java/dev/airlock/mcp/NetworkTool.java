package dev.airlock.mcp;

import dev.airlock.text.Clean;
import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Grant;
import dev.airlock.approval.RequestKind;
import dev.airlock.approval.Scope;
import dev.airlock.assess.Reason;
import dev.airlock.assess.Tier;
import dev.airlock.audit.AuditEvent;
import dev.airlock.profile.NetworkMode;
import dev.airlock.profile.Profile;
import dev.airlock.session.Session;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.IDN;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code request_network}: asks the approvers, up front, for domains the task needs. A yes for the session
 * becomes domain grants (the planner then runs commands reaching only those domains without asking, and the
 * egress proxy lets them through); a yes once allows them for the next {@code run_command} only.
 */
final class NetworkTool implements Dispatch.Handler {

    private static final Pattern HOST = Pattern.compile("(\\*\\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\\.)+[a-z][a-z0-9-]{0,62}");
    private static final java.util.concurrent.atomic.AtomicInteger REQUESTS = new java.util.concurrent.atomic.AtomicInteger();

    private final Connection connection;

    NetworkTool(Connection connection) {
        this.connection = connection;
    }

    @Override
    public CallToolResult call(ToolCall call) {
        List<String> domains = new ArrayList<>();
        for (String raw : call.args().strings("domains", ToolSpecs.DOMAIN_LIMIT)) {
            String d = domain(raw).orElseThrow(() -> new Args.Bad("\"" + Clean.line(raw) + "\" is not a host name "
                    + "(write e.g. registry.npmjs.org or *.example.com; no scheme, port, path or IP address)"));
            var facts = dev.airlock.egress.HostFacts.of(d);
            if (facts.refusal().isPresent()) {
                return Replies.error("request_network: not asked, since no one should approve it: "
                        + dev.airlock.text.Clean.line(facts.refusal().get()) + ". Nothing was granted.");
            }
            if (!domains.contains(d)) {
                domains.add(d);
            }
        }
        String why = call.args().string("justification", ToolSpecs.TEXT_LIMIT);
        try (Connection.Lease _ = connection.shared()) {
            Session session = connection.session();
            var catalog = connection.setup().catalog();
            Profile base = catalog.profile(session.mode().profile());
            if (base.network() == NetworkMode.OPEN) {
                return Replies.text("Mode " + session.mode().name() + " already has the open network: nothing to ask.");
            }
            Optional<Profile> allowlisted = catalog.reachable(session.mode()).stream()
                    .filter(p -> p.network() == NetworkMode.ALLOWLISTED).findFirst();
            if (allowlisted.isEmpty()) {
                return Replies.error("request_network: mode " + session.mode().name() + " reaches no sandbox profile with "
                        + "network access, so no approval could give it. Carry on without the network, or ask the user "
                        + "for a mode that reaches network-allowlisted (set_mode, if they allowed one).");
            }
            List<String> missing = domains.stream().filter(d -> !session.grants().covers(d)).toList();
            if (missing.isEmpty()) {
                return Replies.text("Already granted for this session: " + String.join(", ", domains) + ".");
            }
            return ask(session, base, allowlisted.get(), missing, why);
        }
    }

    private CallToolResult ask(Session session, Profile base, Profile needed, List<String> domains, String why) {
        Instant now = Instant.now();
        var facts = domains.stream().map(dev.airlock.egress.HostFacts::of).toList();
        List<Reason> reasons = new ArrayList<>();
        for (var f : facts) {
            reasons.add(new Reason(Tier.NETWORK, "network", f.shown()));
            f.warnings().forEach(w -> reasons.add(new Reason(Tier.NETWORK, "name", w)));
        }
        ApprovalRequest request = new ApprovalRequest(ApprovalRequest.newId(), session.id().value(), new RequestKind.Command(),
                List.of(), "network access to " + String.join(", ", facts.stream().map(dev.airlock.egress.HostFacts::shown).toList())
                        + " for this session's commands",
                base.name(), needed.name(), Tier.NETWORK, reasons, domains, List.of(),
                Optional.of(why), domains.stream().map(d -> Grant.domain(d, needed.name(), now)).toList(), now);
        ClientApprover approver = connection.approver();
        String approverName = approver.name();
        connection.setup().notices().accept("request_network: asking " + approverName + " for " + String.join(", ", domains)
                + " (request " + request.id() + ")");
        Answer answer;
        try {
            answer = approver.answer(request, now.plus(connection.setup().approvalTimeout()));
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
                yield Replies.text("Granted for the rest of the session by " + a.by() + ": " + String.join(", ", domains)
                        + ". Commands that reach only these run in " + needed.name() + " without asking again.");
            }
            case Answer.Approved a -> {
                connection.allowOnce(domains);
                domains.forEach(d -> audit.append(new AuditEvent.Grant(Instant.now(), "once", "domain", d, approverName,
                        Optional.of(a.by()))));
                yield Replies.text("Granted by " + a.by() + " for the next run_command only: " + String.join(", ", domains) + ".");
            }
            case Answer.Denied d -> refused(session, request, approverName, d);
            case Answer.Passed p -> refused(session, request, approverName, new Answer.Denied("nobody answered: " + p.reason(), p.by()));
        };
    }

    private CallToolResult refused(Session session, ApprovalRequest request, String approverName, Answer.Denied denied) {
        var reasons = request.reasons().stream().map(r -> new AuditEvent.Reason("network", r.what(), r.detail())).toList();
        session.audit().append(new AuditEvent.CommandRefused(Instant.now(), "net-" + REQUESTS.incrementAndGet(),
                List.of("request_network"), request.why(),
                new AuditEvent.Assessment("network", reasons, request.domains(), List.of(), false),
                request.neededProfile() + " (" + String.join(", ", request.domains()) + ")", approverName, denied.reason(),
                Optional.of(new AuditEvent.Approval(approverName, denied.reason().startsWith("no answer") ? "unanswered" : "denied",
                        Optional.empty(), Optional.of(denied.by()), Optional.of(denied.reason())))));
        return Replies.error("request_network: not granted: " + Clean.line(denied.reason()) + " [" + Clean.line(denied.by())
                + "]. Commands that need these domains will be asked about again (and may be refused); work without them "
                + "if you can, or tell the user why the task needs them.");
    }

    /** A host name as grants hold it (lower case, no trailing dot, IDN as punycode), or empty if it is not one. */
    static Optional<String> domain(String raw) {
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
}
