package dev.airlock.egress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, start to end, on its own virtual thread: read the request (the first byte tells the
 * protocol), ask the gate (bounded), connect to a checked address, relay, report one event.
 */
final class ProxiedConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxiedConnection.class);
    private static final int SOCKS4 = 4;

    private final SocketChannel client;
    private final Context cx;

    ProxiedConnection(SocketChannel client, Context cx) {
        this.client = client;
        this.cx = cx;
    }

    @Override
    public void run() {
        Instant started = Instant.now();
        try {
            serve(started);
        } catch (InterruptedException e) {
            LOG.debug("egress connection stopped: the proxy is closing");
        } catch (IOException | RuntimeException e) {
            LOG.debug("egress connection ended: {}", e.toString());
        } finally {
            close(client);
        }
    }

    private void serve(Instant started) throws IOException, InterruptedException {
        ReadAhead in = new ReadAhead(client);
        Front front;
        Deadlines.Deadline head = cx.deadlines().closeAfter(client, cx.headTimeout());
        try {
            int first = in.peek();
            if (first == Socks5Front.VERSION) {
                front = Socks5Front.read(in);
            } else if (first >= 'A' && first <= 'Z') {
                front = HttpRequests.read(in);
            } else {
                if (first == SOCKS4 && head.cancel()) {
                    // SOCKS4 is not spoken (no IPv6, names only by extension); "request rejected" tells the client
                    Pump.writeFully(client, ByteBuffer.wrap(new byte[]{0, 0x5B, 0, 0, 0, 0, 0, 0}));
                }
                return;
            }
        } catch (Front.Rejected r) {
            // reported first: the event must not depend on the client still listening
            r.destination.ifPresent(d -> report(d, false, r.getMessage(), "", "", null, started));
            if (head.cancel()) {
                ProxyReplies.send(client, r.reply);
                ProxyReplies.linger(client, in, cx.deadlines());
            }
            return;
        }
        if (!head.cancel()) {
            return;
        }
        Destination d = front.destination();
        switch (decide(d)) {
            case Verdict.Denied denied -> {
                report(d, false, denied.reason(), "", "", null, started);
                ProxyReplies.send(client, front.refusal(denied));
                ProxyReplies.linger(client, in, cx.deadlines());
            }
            case Verdict.Allowed allowed -> connect(front, in, allowed.by(), started);
        }
    }

    private void connect(Front front, ReadAhead in, String by, Instant started) throws IOException, InterruptedException {
        Destination d = front.destination();
        Upstreams.Connected upstream;
        try {
            upstream = cx.upstreams().open(d);
        } catch (Upstreams.UpstreamException e) {
            boolean forbidden = e.failure == Upstreams.Failure.FORBIDDEN_ADDRESS;
            report(d, !forbidden, forbidden ? e.getMessage() : by, "", forbidden ? "" : e.getMessage(), null, started);
            ProxyReplies.send(client, front.failure(e));
            ProxyReplies.linger(client, in, cx.deadlines());
            return;
        }
        Tunnel tunnel = new Tunnel(client, in, upstream.channel(), cx.buffers(), cx.deadlines());
        try {
            if (cx.open().add(upstream.channel())) {
                front.relay(tunnel);
            }
        } catch (IOException e) {
            tunnel.abort(e.getMessage());
        } finally {
            close(upstream.channel());
            close(client);
            boolean allowed = tunnel.refusal().isEmpty();
            report(d, allowed, allowed ? by : tunnel.refusal(), Hosts.format(upstream.address()), tunnel.failure(),
                    tunnel, started);
        }
    }

    /** Asks the gate on a task of its own, so a gate that blocks (a live approval) cannot hold us past the limit. */
    private Verdict decide(Destination d) throws InterruptedException {
        Future<Verdict> check = cx.tasks().submit(() -> cx.gate().check(d));
        try {
            Verdict v = check.get(cx.decisionTimeout().toNanos(), TimeUnit.NANOSECONDS);
            return v != null ? v : new Verdict.Denied("the egress gate gave no verdict about " + d.authority(), "");
        } catch (TimeoutException e) {
            check.cancel(true);
            try {
                Verdict.Denied denied = cx.gate().onTimeout(d, cx.decisionTimeout());
                if (denied != null) {
                    return denied;
                }
            } catch (RuntimeException gateFailed) {
                LOG.debug("egress gate failed to word a timeout: {}", gateFailed.toString());
            }
            return new Verdict.Denied("no decision about " + d.authority() + " within "
                    + Hosts.seconds(cx.decisionTimeout()), "");
        } catch (ExecutionException e) {
            return new Verdict.Denied("the egress gate failed about " + d.authority() + ": " + e.getCause(), "");
        } catch (InterruptedException e) {
            check.cancel(true);
            throw e;
        }
    }

    private void report(Destination d, boolean allowed, String rule, String address, String failure, Tunnel t,
                        Instant started) {
        cx.events().accept(new EgressEvent(d.host(), d.port(), d.protocol(), allowed, rule, address, failure,
                t == null ? 0 : t.up.get(), t == null ? 0 : t.down.get(), started, Instant.now()));
    }

    private void close(Channel channel) {
        Channels.closeQuietly(channel);
        cx.open().remove(channel);
    }
}
