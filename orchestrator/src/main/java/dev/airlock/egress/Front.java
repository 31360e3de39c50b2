package dev.airlock.egress;

import java.io.IOException;
import java.util.Optional;

/**
 * The protocol side of one client connection, once its request is read: where it wants to go, how to tell it
 * no, and how to carry its bytes once the destination is allowed and connected.
 */
sealed interface Front permits ConnectFront, PlainHttpFront, Socks5Front {

    Destination destination();

    /** The bytes (ISO-8859-1, one char per byte) that tell the client the gate refused. */
    String refusal(Verdict.Denied denied);

    /** The bytes that tell the client the destination could not be reached. */
    String failure(Upstreams.UpstreamException e);

    /** Confirms the connection to the client as its protocol wants and relays until both sides are done. */
    void relay(Tunnel tunnel) throws IOException, InterruptedException;

    /**
     * A request the proxy will not serve, with the answer for the client and, when it got that far, the
     * destination it named (for the audit).
     */
    final class Rejected extends Exception {
        final String reply;
        final Optional<Destination> destination;

        Rejected(String why, String reply, Optional<Destination> destination) {
            super(why);
            this.reply = reply;
            this.destination = destination;
        }
    }
}
