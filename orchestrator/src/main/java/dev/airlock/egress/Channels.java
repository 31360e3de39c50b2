package dev.airlock.egress;

import java.io.IOException;
import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every open channel of one proxy, so closing the proxy closes them all, including any opened while it closes. */
final class Channels {

    private final Set<Channel> open = new HashSet<>();
    private boolean closed;

    /** Registers a channel; false (and the channel closed) when the proxy is closed already. */
    boolean add(Channel channel) {
        synchronized (this) {
            if (!closed) {
                open.add(channel);
                return true;
            }
        }
        closeQuietly(channel);
        return false;
    }

    synchronized void remove(Channel channel) {
        open.remove(channel);
    }

    synchronized int size() {
        return open.size();
    }

    void closeAll() {
        List<Channel> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(open);
            open.clear();
        }
        all.forEach(Channels::closeQuietly);
    }

    static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all there is to do; a failure leaves nothing to retry
        }
    }
}
