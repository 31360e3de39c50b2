package dev.airlock.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into addresses for the proxy; the system's DNS by default, a fixed table in tests. */
@FunctionalInterface
public interface Resolver {

    /** All addresses of a canonical host name (never called with an IP literal); empty or an exception if none. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver ({@link InetAddress#getAllByName}). */
    static Resolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
