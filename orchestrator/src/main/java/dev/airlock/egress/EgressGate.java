package dev.airlock.egress;

import java.time.Duration;

/**
 * The policy the proxy is handed: may this destination be reached? A gate may block (a live approval); the proxy
 * bounds the wait and then refuses with {@link #onTimeout}. An exception from a gate denies (fail closed).
 */
@FunctionalInterface
public interface EgressGate {

    /** Decides about one destination; called on the connection's own virtual thread, interrupted on timeout. */
    Verdict check(Destination destination) throws Exception;

    /** The refusal the client sees when {@link #check} did not answer within the proxy's decision timeout. */
    default Verdict.Denied onTimeout(Destination destination, Duration waited) {
        return new Verdict.Denied("no decision about " + destination.authority() + " within " + Hosts.seconds(waited),
                "");
    }
}
