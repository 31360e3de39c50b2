package dev.airlock.approval;

import dev.airlock.assess.Assessment;
import dev.airlock.assess.Part;
import dev.airlock.assess.Reason;
import dev.airlock.assess.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Approval requests for tests. */
final class Requests {

    static final Instant AT = Instant.parse("2025-05-01T10:00:00Z");

    private Requests() {
    }

    static Part part(Tier tier, List<String> prefix, List<String> argv, Reason... reasons) {
        return new Part(argv, prefix, tier, List.of(reasons));
    }

    static Assessment gitPush() {
        Reason network = new Reason(Tier.NETWORK, "network", "github.test");
        Part push = part(Tier.NETWORK, List.of("git", "push"), List.of("git", "push", "origin", "main"), network);
        return new Assessment(Tier.NETWORK, List.of(network), List.of("github.test"), List.of(), List.of(push), false);
    }

    /** {@code git push origin main}, needing network-allowlisted, with session grants on offer. */
    static ApprovalRequest push() {
        Assessment a = gitPush();
        return ApprovalRequest.of("s-0123456789", new RequestKind.Command(), List.of("git", "push", "origin", "main"), a,
                "workspace-write", "network-allowlisted", Optional.of("publish the fix"),
                Grants.propose(a.parts(), a.domains(), "network-allowlisted", AT), AT);
    }

    /** {@code rm -rf build}: destructive, so only {@code once} is offered. */
    static ApprovalRequest remove() {
        Reason deletes = new Reason(Tier.DESTRUCTIVE, "deletes", "build");
        Part rm = part(Tier.DESTRUCTIVE, List.of("rm"), List.of("rm", "-rf", "build"), deletes);
        Assessment a = new Assessment(Tier.DESTRUCTIVE, List.of(deletes), List.of(), List.of("build"), List.of(rm), false);
        return ApprovalRequest.of("s-0123456789", new RequestKind.Command(), List.of("rm", "-rf", "build"), a,
                "workspace-write", "workspace-write-destructive", Optional.empty(),
                Grants.propose(a.parts(), a.domains(), "workspace-write-destructive", AT), AT);
    }

    static ApprovalRequest withCreated(ApprovalRequest r, Instant created) {
        return new ApprovalRequest(r.id(), r.session(), r.kind(), r.argv(), r.command(), r.currentProfile(),
                r.neededProfile(), r.tier(), r.reasons(), r.domains(), r.paths(), r.why(), r.sessionGrants(), created);
    }
}
