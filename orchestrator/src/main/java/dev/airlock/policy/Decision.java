package dev.airlock.policy;

import dev.airlock.assess.Part;
import dev.airlock.assess.Reason;
import dev.airlock.profile.Profile;
import java.util.List;
import java.util.Optional;

/** What the planner decided about one command. */
public sealed interface Decision permits Decision.Run, Decision.Escalate, Decision.Refuse {

    /**
     * Run it with this profile, nobody needs to be asked.
     *
     * @param profile    the profile to run with
     * @param approvedBy what approved an escalation without a person (a grant, an auto-review rule,
     *                   pre-approved domains); empty when none was needed
     * @param domains    domains the egress proxy lets through for this run on top of the profile's
     * @param flags      risky things worth reporting although nobody is asked (destructive in full-access)
     */
    record Run(Profile profile, List<String> approvedBy, List<String> domains, List<Reason> flags) implements Decision {
        public Run {
            approvedBy = List.copyOf(approvedBy);
            domains = List.copyOf(domains);
            flags = List.copyOf(flags);
        }
    }

    /**
     * A person must approve: the command needs {@code needed} (which may be the current profile, when the
     * mode asks about destructive or outside-workspace commands) for {@code reasons}.
     *
     * @param parts   the command parts that need the approval (what a session grant would cover)
     * @param domains network destinations the approval would grant for this run
     */
    record Escalate(Profile current, Profile needed, List<Reason> reasons, List<Part> parts, List<String> domains)
            implements Decision {
        public Escalate {
            reasons = List.copyOf(reasons);
            parts = List.copyOf(parts);
            domains = List.copyOf(domains);
        }
    }

    /** Refused before running: a deny rule matched, or the mode cannot give what the command needs. */
    record Refuse(String message, String hint, Optional<String> rule) implements Decision {
    }
}
