package dev.airlock.runtime;

import java.util.List;

/**
 * The network a container joins: {@link None} (loopback only), or {@link Open}: a bridge of the container's
 * own whose traffic may go to public addresses but not to the host, other containers, or private, loopback,
 * link-local and metadata ranges, except the ranges the profile names.
 */
public sealed interface Network permits Network.None, Network.Open {

    None NONE = new None();

    /** Loopback only. */
    record None() implements Network {
    }

    /**
     * The open network, fenced off from the neighbours.
     *
     * @param reachable CIDR ranges (IPv4) the profile lets the container reach although they are private or
     *                  the host's own; normalised by the profile loader
     */
    record Open(List<String> reachable) implements Network {
        public Open {
            reachable = List.copyOf(reachable);
        }
    }
}
