package dev.airlock.egress;

import java.util.Objects;

/** A gate's answer about one destination: let it through (and by which rule or grant), or refuse it and say why. */
public sealed interface Verdict permits Verdict.Allowed, Verdict.Denied {

    /** @param by the rule or grant that allows it, for the audit log ({@code "allowlist *.example.com"}) */
    record Allowed(String by) implements Verdict {
        public Allowed {
            Objects.requireNonNull(by);
        }
    }

    /**
     * @param reason why, naming the host ({@code "registry.test is not on the allowlist"})
     * @param hint   how a person can allow it; shown to the client in the refusal; empty when there is no way
     */
    record Denied(String reason, String hint) implements Verdict {
        public Denied {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(hint);
        }
    }
}
