package dev.airlock.policy;

import dev.airlock.assess.Reason;
import dev.airlock.profile.Profile;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The complete plan for one command, so the session that carries it out decides nothing: what the planner
 * decided (run, ask whom and why, refuse), the profile, whether a checkpoint comes first, what this command's
 * own egress proxy lets through, its time limit, and the profile a retry after a sandbox denial would need.
 *
 * @param request      what it was planned from (a retry is planned from it again)
 * @param profile      the profile it runs in (a refused command's is the mode's own, and never runs)
 * @param checkpoint   take a checkpoint first: the profile can write, and the assessment is not sure it only reads
 * @param proxy        the entries this command's proxy lets through without asking; empty when it has no proxy
 *                     (its profile's network is not an allowlist)
 * @param flags        what is destructive, reported although nobody may be asked
 * @param timeout      the command's time limit: the caller's when shorter than the profile's, else the profile's
 * @param timeoutCut   whether the caller asked for longer than the profile gives (and is told the profile's holds)
 * @param retry        the profiles a command that the sandbox stopped would need, for the offer to run it again
 */
public record Plan(PlanRequest request, Decision decision, Profile profile, boolean checkpoint, Optional<List<String>> proxy,
                   List<Reason> flags, Duration timeout, boolean timeoutCut, Retry retry) {

    public Plan {
        Objects.requireNonNull(request);
        Objects.requireNonNull(decision);
        Objects.requireNonNull(profile);
        proxy = proxy.map(List::copyOf);
        flags = List.copyOf(flags);
        Objects.requireNonNull(timeout);
        Objects.requireNonNull(retry);
    }

    /** The weakest profiles the mode reaches, other than this plan's, that give what a sandbox denial lacked. */
    public record Retry(Optional<Profile> writable, Optional<Profile> network) {
        public Retry {
            Objects.requireNonNull(writable);
            Objects.requireNonNull(network);
        }
    }

    /** The domains approved for this run (before it runs): the decision's. */
    public List<String> domains() {
        return domainsOf(decision);
    }

    static List<String> domainsOf(Decision decision) {
        return switch (decision) {
            case Decision.Run r -> r.domains();
            case Decision.Escalate e -> e.domains();
            case Decision.Refuse f -> List.of();
        };
    }
}
