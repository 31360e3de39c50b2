package dev.airlock.egress;

import java.time.Instant;
import java.util.Objects;

/**
 * One destination a client asked for, and what became of it; reported when its connection ends.
 *
 * @param host      the canonical host asked for
 * @param port      the port asked for
 * @param protocol  how it was asked
 * @param allowed   the gate allowed it and its address passed the proxy's checks
 * @param rule      when allowed, the rule or grant that allowed it; when not, why not
 * @param address   the address dialled ({@code 93.184.216.34}); empty when none was
 * @param failure   why the connection failed after it was allowed (resolution, connect, SNI); empty when it did not
 * @param bytesUp   bytes from the client to the destination
 * @param bytesDown bytes from the destination to the client
 * @param started   when the client connected
 * @param ended     when the connection closed
 */
public record EgressEvent(String host, int port, Protocol protocol, boolean allowed, String rule, String address,
                          String failure, long bytesUp, long bytesDown, Instant started, Instant ended) {

    public EgressEvent {
        Objects.requireNonNull(host);
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(rule);
        Objects.requireNonNull(address);
        Objects.requireNonNull(failure);
        Objects.requireNonNull(started);
        Objects.requireNonNull(ended);
    }
}
