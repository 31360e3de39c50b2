package dev.airlock.policy;

import dev.airlock.assess.Reason;
import dev.airlock.assess.Tier;
import dev.airlock.profile.Ask;
import dev.airlock.profile.NetworkMode;
import dev.airlock.profile.Profile;
import java.util.Optional;
import java.util.Set;

/** Reads an assessment's reasons as what they require of a profile, and what a mode may ask about. */
final class Needs {

    /** DESTRUCTIVE kinds that do not change the workspace by themselves. */
    private static final Set<String> NOT_WRITES = Set.of("reads-secret", "outside-workspace");

    private Needs() {
    }

    /** The reason can only succeed with a writable workspace. */
    static boolean write(Reason r) {
        return r.tier() == Tier.WRITE || (r.tier() == Tier.DESTRUCTIVE && !NOT_WRITES.contains(r.what()));
    }

    static boolean network(Reason r) {
        return r.tier() == Tier.NETWORK;
    }

    /** Whether the profile lets the reason succeed. */
    static boolean coveredBy(Reason r, Profile p) {
        if (write(r) && !p.workspace().writable()) {
            return false;
        }
        return !network(r) || p.network() != NetworkMode.NONE;
    }

    /** The mode's question this reason raises, if any; reading outside the workspace is the container's own files. */
    static Optional<Ask> ask(Reason r) {
        if (r.tier() == Tier.DESTRUCTIVE) {
            return Optional.of(switch (r.what()) {
                case "reads-secret" -> Ask.SECRETS;
                case "outside-workspace" -> Ask.OUTSIDE_WORKSPACE;
                default -> Ask.DESTRUCTIVE;
            });
        }
        return r.what().equals("opaque") ? Optional.of(Ask.OPAQUE) : Optional.empty();
    }
}
