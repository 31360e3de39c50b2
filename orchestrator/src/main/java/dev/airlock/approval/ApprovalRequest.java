package dev.airlock.approval;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.airlock.assess.Assessment;
import dev.airlock.assess.Reason;
import dev.airlock.assess.Tier;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An escalation put to an approver: what will run, the profile it needs against the current one, what it
 * affects, why the caller wants it, and what a "yes for this session" would cover. Written to disk by the
 * queue and sent as JSON to external reviewers ({@code Optional} needs Jackson's Jdk8Module, as in
 * {@link ApprovalJson#mapper()}).
 *
 * @param id             short and unique on this machine, e.g. {@code a-7f3k9q2m}; safe as a file name
 * @param session        the session id
 * @param argv           the command as run (empty for a network request whose command is not known)
 * @param command        the command as shown to people, pasteable into a shell
 * @param currentProfile the profile the session runs in now
 * @param neededProfile  the weakest profile that covers the command
 * @param sessionGrants  what approving for the session would grant; empty when only {@code once} is offered
 * @param kind           a command escalation, a live network request, or an on-failure re-run
 */
public record ApprovalRequest(String id, String session, RequestKind kind, List<String> argv, String command,
                              String currentProfile, String neededProfile, Tier tier, List<Reason> reasons,
                              List<String> domains, List<String> paths, Optional<String> why,
                              List<Grant> sessionGrants,
                              @JsonSerialize(using = dev.airlock.json.IsoInstants.Write.class)
                              @JsonDeserialize(using = dev.airlock.json.IsoInstants.Read.class)
                              Instant created) {

    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    public ApprovalRequest {
        if (!isId(id)) {
            throw new IllegalArgumentException("not an approval id: " + id);
        }
        Objects.requireNonNull(session);
        Objects.requireNonNull(kind);
        argv = List.copyOf(argv);
        Objects.requireNonNull(command);
        Objects.requireNonNull(currentProfile);
        Objects.requireNonNull(neededProfile);
        Objects.requireNonNull(tier);
        reasons = List.copyOf(reasons);
        domains = List.copyOf(domains);
        paths = List.copyOf(paths);
        why = why == null ? Optional.empty() : why.map(String::strip).filter(w -> !w.isEmpty());
        sessionGrants = List.copyOf(sessionGrants);
        Objects.requireNonNull(created);
    }

    /**
     * A request for a command, from its assessment.
     *
     * @param sessionGrants usually {@link Grants#propose}; empty to offer {@code once} only
     */
    public static ApprovalRequest of(String session, RequestKind kind, List<String> argv, Assessment assessment,
                                     String currentProfile, String neededProfile, Optional<String> why,
                                     List<Grant> sessionGrants, Instant created) {
        String shown = kind instanceof RequestKind.Network n
                ? "a network connection to " + n.destination() + (argv.isEmpty() ? "" : " from `" + Shell.quote(argv) + "`")
                : Shell.quote(argv);
        return new ApprovalRequest(newId(), session, kind, argv, shown, currentProfile, neededProfile,
                assessment.tier(), assessment.reasons(), assessment.domains(), assessment.paths(), why,
                sessionGrants, created);
    }

    /** A fresh id: {@code a-} and ten characters of a 32-letter alphabet. */
    public static String newId() {
        StringBuilder out = new StringBuilder("a-");
        for (int i = 0; i < 10; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** Whether {@code text} has the form of an id (and so is safe to use as a file name). */
    public static boolean isId(String text) {
        return text != null && text.matches("a-[0-9a-z]{6,32}");
    }

    /** Whether "yes for this session" is on offer. */
    public boolean offersSession() {
        return !sessionGrants.isEmpty();
    }
}
