package dev.airlock.egress;

import java.util.Objects;

/**
 * All connections of one proxy to one destination with one outcome, added up: what the run's {@code egress}
 * result lists.
 *
 * @param host        the canonical host
 * @param port        the port
 * @param allowed     whether these connections were allowed
 * @param rule        the rule or grant that allowed them, or why they were refused (the latest one)
 * @param connections how many connections
 * @param bytesUp     bytes from clients to the destination, all connections
 * @param bytesDown   bytes from the destination to clients, all connections
 */
public record EgressSummary(String host, int port, boolean allowed, String rule, long connections, long bytesUp,
                            long bytesDown) {

    public EgressSummary {
        Objects.requireNonNull(host);
        Objects.requireNonNull(rule);
    }

    EgressSummary plus(EgressEvent e) {
        return new EgressSummary(host, port, allowed, e.rule(), connections + 1, bytesUp + e.bytesUp(),
                bytesDown + e.bytesDown());
    }
}
