package dev.airlock.approval;

import dev.airlock.assess.Reason;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** How approval values read to people, shared by the prompt, the queue listing and the denial message. */
public final class Texts {

    private Texts() {
    }

    /** {@code 450ms}, {@code 45s}, {@code 3m12s}, {@code 2h05m}. */
    static String duration(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        if (d.toSeconds() == 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : String.format("%02ds", s % 60));
        }
        return s / 3600 + "h" + String.format("%02dm", (s % 3600) / 60);
    }

    /** {@code NETWORK; network: github.com; writes: src/a.txt}, in one line. */
    static String affects(ApprovalRequest r) {
        StringBuilder out = new StringBuilder(r.tier().name());
        if (!r.domains().isEmpty()) {
            out.append("; network: ").append(String.join(", ", r.domains()));
        }
        if (!r.paths().isEmpty()) {
            out.append("; paths: ").append(String.join(", ", r.paths()));
        }
        return out.toString();
    }

    /** The reasons in short: the first few, then how many more. */
    static String reasonsInShort(List<Reason> reasons, int max) {
        if (reasons.isEmpty()) {
            return "none given";
        }
        String shown = reasons.stream().limit(max).map(Texts::reason).collect(Collectors.joining("; "));
        return reasons.size() > max ? shown + "; and " + (reasons.size() - max) + " more" : shown;
    }

    static String reason(Reason r) {
        return r.what() + " " + r.detail();
    }

    static String why(ApprovalRequest r) {
        return r.why().map(w -> "\"" + w + "\"").orElse("no reason given");
    }

    /** What "yes for this session" would cover, or that it is not offered. */
    static String sessionCovers(ApprovalRequest r) {
        if (!r.offersSession()) {
            return "not offered for this request (its command is destructive or opaque): approve it once";
        }
        return r.sessionGrants().stream().map(Grant::describe).collect(Collectors.joining("; "));
    }

    static String kind(RequestKind kind) {
        return switch (kind) {
            case RequestKind.Command c -> "command";
            case RequestKind.Network n -> "network request to " + n.destination() + " (the command is waiting)";
            case RequestKind.OnFailure f -> "re-run after the sandbox stopped it: " + f.restriction();
            case RequestKind.ModeChange m -> "switch of the whole session from mode " + m.from() + " to mode " + m.to();
            case RequestKind.ProjectImage p -> "the project's own sandbox image, from " + p.definition() + " (inputs " + p.inputs() + ")";
        };
    }

    /** " needs profile X (this session runs in Y)", or, when no stronger profile is needed, " needs a person's approval (profile X)". */
    static String needs(ApprovalRequest r) {
        return r.neededProfile().equals(r.currentProfile())
                ? " needs a person's approval (it runs in profile " + r.neededProfile() + ")"
                : " needs profile " + r.neededProfile() + " (this session runs in " + r.currentProfile() + ")";
    }
}
