package dev.airlock.egress;

import java.io.IOException;

/** {@code CONNECT host:port}: answered {@code 200} once connected, then a tunnel with the TLS name check. */
record ConnectFront(Destination destination) implements Front {

    @Override
    public String refusal(Verdict.Denied denied) {
        return ProxyReplies.refusal(destination, denied);
    }

    @Override
    public String failure(Upstreams.UpstreamException e) {
        return ProxyReplies.failure(destination, e);
    }

    @Override
    public void relay(Tunnel tunnel) throws IOException, InterruptedException {
        ProxyReplies.send(tunnel.client, ProxyReplies.ESTABLISHED);
        tunnel.relay(destination);
    }
}
