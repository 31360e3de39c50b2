package dev.airlock.egress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.nio.channels.SocketChannel;

/** Opens the TCP connection to an address the proxy has checked; a seam so tests can see what gets dialled. */
@FunctionalInterface
interface Dialer {

    SocketChannel dial(InetSocketAddress address, Duration timeout) throws IOException;
}
