package dev.airlock.egress;

import java.util.Objects;

/**
 * Asks a person (or the approval queue) about a host nobody granted, while connections to it wait. It is
 * called once per pending host however many connections wait; it should bound its own wait, and an exception
 * refuses.
 */
@FunctionalInterface
public interface LiveApprover {

    /** The answer for a canonical host name and the port first asked for. */
    Answer ask(String host, int port) throws Exception;

    /** What the approver decided. */
    sealed interface Answer permits Approved, Refused {
    }

    /** How far an approval reaches. */
    enum Reach {
        /** Only the connections waiting now. */
        ONCE,
        /** Every later connection to the host (with the same kind of port) in this session, without asking. */
        SESSION
    }

    /** @param by who approved ({@code "terminal"}, {@code "queue"}), for the audit log */
    record Approved(Reach scope, String by) implements Answer {
        public Approved {
            Objects.requireNonNull(scope);
            Objects.requireNonNull(by);
        }
    }

    /** @param reason why, for the client; @param hint how to allow it anyway; empty when there is no way */
    record Refused(String reason, String hint) implements Answer {
        public Refused {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(hint);
        }
    }
}
