package dev.airlock.egress;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client connected to its destination: two channels, a byte count each way, and what went wrong, if anything.
 * {@link #relay} is the relay of CONNECT and SOCKS tunnels: one virtual thread per direction, end of stream
 * passed on as a half-close, and the TLS server name checked against the destination on the way up.
 */
final class Tunnel {

    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);

    final SocketChannel client;
    final ReadAhead clientIn;
    final SocketChannel upstream;
    final Buffers buffers;
    final Deadlines deadlines;
    final AtomicLong up = new AtomicLong();
    final AtomicLong down = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>("");
    private final AtomicReference<String> refusal = new AtomicReference<>("");
    private final AtomicBoolean clientClaimed = new AtomicBoolean();

    Tunnel(SocketChannel client, ReadAhead clientIn, SocketChannel upstream, Buffers buffers, Deadlines deadlines) {
        this.client = client;
        this.clientIn = clientIn;
        this.upstream = upstream;
        this.buffers = buffers;
        this.deadlines = deadlines;
    }

    /** Why the connection failed after it was allowed; empty when it did not. */
    String failure() {
        return failure.get();
    }

    /** Why the proxy cut an allowed connection for policy (a TLS name that is not the destination); or empty. */
    String refusal() {
        return refusal.get();
    }

    void fail(String why) {
        failure.compareAndSet("", why);
    }

    /** The first to claim the client's output writes the answer; the other stays silent. */
    boolean claimClient() {
        return clientClaimed.compareAndSet(false, true);
    }

    /** Relays both ways until both directions ended (or one failed, which ends both). */
    void relay(Destination destination) throws InterruptedException {
        Thread downstream = Thread.ofVirtual().start(() -> {
            try {
                Pump.copy(upstream, client, buffers, -1, down);
                client.shutdownOutput();
            } catch (IOException e) {
                abort("from the destination: " + e.getMessage());
            }
        });
        try {
            if (checkServerName(destination)) {
                Pump.copy(clientIn, upstream, buffers, -1, up);
                upstream.shutdownOutput();
            }
        } catch (IOException e) {
            abort("from the client: " + e.getMessage());
        }
        downstream.join();
    }

    /**
     * When the client starts with a TLS handshake, reads its ClientHello, refuses a server name other than the
     * destination's, and forwards the hello. A hello without a name passes only to an IP literal, where RFC 6066
     * forbids names; every TLS client sends the name for a host name, and it is what a shared front routes by.
     */
    private boolean checkServerName(Destination destination) throws IOException {
        try {
            if (clientIn.peek() != ClientHello.HANDSHAKE_RECORD) {
                return true;
            }
        } catch (EOFException e) {
            upstream.shutdownOutput();
            return false;
        }
        Deadlines.Deadline deadline = deadlines.closeAfter(client, HELLO_TIMEOUT);
        ClientHello.Peek hello;
        try {
            hello = ClientHello.read(clientIn);
        } catch (ReadAhead.Malformed e) {
            deadline.cancel();
            refuse(e.getMessage());
            return false;
        } finally {
            if (!deadline.cancel()) {
                fail("no complete TLS ClientHello within " + Hosts.seconds(HELLO_TIMEOUT));
            }
        }
        Optional<String> mismatch = mismatch(destination, hello.serverName());
        if (mismatch.isPresent()) {
            refuse(mismatch.get());
            return false;
        }
        Pump.writeFully(upstream, ByteBuffer.wrap(hello.bytes()));
        up.addAndGet(hello.bytes().length);
        return true;
    }

    static Optional<String> mismatch(Destination destination, Optional<String> serverName) {
        if (serverName.isEmpty()) {
            return destination.ipLiteral().isPresent() ? Optional.empty()
                    : Optional.of("TLS ClientHello without a server name for " + destination.host());
        }
        String name;
        try {
            name = Hosts.parse(serverName.get()).name();
        } catch (IllegalArgumentException e) {
            name = serverName.get();
        }
        return name.equals(destination.host()) ? Optional.empty()
                : Optional.of("TLS server name '" + printable(serverName.get()) + "' is not the destination "
                + destination.host());
    }

    /** Records a policy refusal (a smuggling attempt in the body) without closing anything. */
    void refused(String why) {
        refusal.compareAndSet("", why);
    }

    private void refuse(String why) {
        refusal.compareAndSet("", why);
        closeBoth();
    }

    /** Ends both directions at once: after an error one way, the other has nothing left to carry. */
    void abort(String why) {
        if (client.isOpen() && upstream.isOpen()) {
            fail(why);
        }
        closeBoth();
    }

    void closeBoth() {
        try {
            client.close();
        } catch (IOException e) {
            // closing is best effort; the other channel is closed below all the same
        }
        try {
            upstream.close();
        } catch (IOException e) {
            // as above
        }
    }

    private static String printable(String s) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 80 ? p.substring(0, 80) + "..." : p;
    }
}
