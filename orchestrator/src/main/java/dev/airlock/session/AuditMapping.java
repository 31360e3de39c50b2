package dev.airlock.session;

import dev.airlock.approval.Answer;
import dev.airlock.assess.Assessment;
import dev.airlock.assess.Reason;
import dev.airlock.audit.AuditEvent;
import dev.airlock.policy.Decision;
import dev.airlock.workspace.Changes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Turns the session's values into the audit log's plain records (the log depends on nothing of Airlock). */
final class AuditMapping {

    private AuditMapping() {
    }

    static AuditEvent.Assessment assessment(Assessment a) {
        return new AuditEvent.Assessment(a.tier().name(), reasons(a.reasons()), a.domains(),
                a.paths(), a.opaque());
    }

    static List<AuditEvent.Reason> reasons(List<Reason> reasons) {
        return reasons.stream().map(r -> new AuditEvent.Reason(r.tier().name(), r.what(), r.detail())).toList();
    }

    static AuditEvent.Decision decision(Decision d) {
        return switch (d) {
            case Decision.Run r -> new AuditEvent.Decision("run", Optional.of(r.profile().name()),
                    r.approvedBy().isEmpty() ? "the mode's profiles cover it" : String.join("; ", r.approvedBy()));
            case Decision.Escalate e -> new AuditEvent.Decision("escalate", Optional.of(e.needed().name()),
                    "needs " + e.needed().name() + " (runs in " + e.current().name() + "): "
                            + String.join("; ", e.reasons().stream().map(r -> r.what() + " " + r.detail()).toList()));
            case Decision.Refuse f -> new AuditEvent.Decision("refuse", Optional.empty(), f.message());
        };
    }

    static AuditEvent.Approval approval(String approver, Answer answer) {
        return switch (answer) {
            case Answer.Approved a -> new AuditEvent.Approval(approver, "approved",
                    Optional.of(a.scope().name().toLowerCase(Locale.ROOT)), Optional.of(a.by()), Optional.empty());
            case Answer.Denied d -> new AuditEvent.Approval(approver, d.reason().startsWith("no answer") ? "unanswered" : "denied",
                    Optional.empty(), Optional.of(d.by()), Optional.of(d.reason()));
            case Answer.Passed p -> new AuditEvent.Approval(approver, "unanswered", Optional.empty(), Optional.of(p.by()),
                    Optional.of(p.reason()));
        };
    }

    static AuditEvent.FileChanges changes(Changes c) {
        return new AuditEvent.FileChanges(c.added(), c.modified(), c.deleted(), c.history());
    }

    static List<AuditEvent.Egress> egress(List<RunResult.EgressRecord> egress) {
        return egress.stream().map(e -> new AuditEvent.Egress(e.host(), e.port(), e.allowed(), e.by(), e.bytesUp(), e.bytesDown())).toList();
    }
}
