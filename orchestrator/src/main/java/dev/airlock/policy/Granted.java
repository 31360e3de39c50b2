package dev.airlock.policy;

import dev.airlock.assess.Part;
import java.util.List;
import java.util.Optional;

/** What the session has already granted, as the planner sees it: kinds of commands and domains. */
public interface Granted {

    /** The grant (described for people) that covers this part needing this profile, if any. */
    Optional<String> covers(Part part, String profile);

    /** Whether a domain is granted for the session. */
    boolean coversDomain(String domain);

    /** The domain grants as the egress proxy holds them ({@code example.com}, {@code *.example.com}, {@code host:port}). */
    default List<String> domains() {
        return List.of();
    }

    Granted NOTHING = new Granted() {
        @Override
        public Optional<String> covers(Part part, String profile) {
            return Optional.empty();
        }

        @Override
        public boolean coversDomain(String domain) {
            return false;
        }
    };
}
