package dev.airlock.egress;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns an allowed destination into a connection: the pinned address ({@code --resolve}) or the resolver's
 * answers, minus every address the proxy will not dial, then a connect to exactly one of the addresses it
 * checked. Nothing is looked up twice, so a resolver that changes its answer (DNS rebinding) changes nothing.
 */
final class Upstreams {

    /** Why there is no connection; decides the refusal the client gets. */
    enum Failure {
        /** Every address is one the proxy will not dial. */
        FORBIDDEN_ADDRESS,
        UNRESOLVED,
        REFUSED,
        UNREACHABLE,
        TIMEOUT
    }

    static final class UpstreamException extends Exception {
        final Failure failure;

        UpstreamException(Failure failure, String message) {
            super(message);
            this.failure = failure;
        }
    }

    /** A connection and the address it went to. */
    record Connected(SocketChannel channel, InetAddress address) {
    }

    private final Resolver resolver;
    private final Map<String, InetAddress> pins;
    private final Addresses addresses;
    private final Dialer dialer;
    private final Duration timeout;
    private final ExecutorService tasks;

    Upstreams(Resolver resolver, Map<String, InetAddress> pins, Addresses addresses, Dialer dialer, Duration timeout,
              ExecutorService tasks) {
        this.resolver = resolver;
        this.pins = Map.copyOf(pins);
        this.addresses = addresses;
        this.dialer = dialer;
        this.timeout = timeout;
        this.tasks = tasks;
    }

    Connected open(Destination d) throws UpstreamException, InterruptedException {
        List<InetAddress> candidates = candidates(d);
        IOException last = null;
        for (InetAddress address : candidates) {
            try {
                return new Connected(dialer.dial(new InetSocketAddress(address, d.port()), timeout), address);
            } catch (IOException e) {
                last = e;
            }
        }
        throw failure(last, d.authority() + " (" + Hosts.format(candidates.getLast()) + ")");
    }

    private UpstreamException failure(IOException last, String where) {
        return switch (last) {
            case ConnectException e -> new UpstreamException(Failure.REFUSED, "connection refused by " + where);
            case NoRouteToHostException e -> new UpstreamException(Failure.UNREACHABLE, "no route to " + where);
            case TimeoutIOException e -> new UpstreamException(Failure.TIMEOUT,
                    "no connection to " + where + " within " + Hosts.seconds(timeout));
            case null -> new UpstreamException(Failure.UNREACHABLE, "cannot connect to " + where);
            default -> new UpstreamException(Failure.UNREACHABLE, "cannot connect to " + where + ": " + last.getMessage());
        };
    }

    /** The addresses the proxy may dial for this destination, in order; never empty. */
    private List<InetAddress> candidates(Destination d) throws UpstreamException, InterruptedException {
        InetAddress pinned = pins.get(d.host());
        if (pinned != null) {
            return List.of(pinned);
        }
        Optional<InetAddress> literal = d.ipLiteral();
        List<InetAddress> found = literal.isPresent() ? List.of(literal.get()) : resolve(d.host());
        List<InetAddress> allowed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (InetAddress a : found) {
            Optional<String> why = addresses.forbidden(a);
            if (why.isEmpty()) {
                allowed.add(a);
            } else {
                refused.add(Hosts.format(a) + " is " + why.get());
            }
        }
        if (allowed.isEmpty()) {
            throw new UpstreamException(Failure.FORBIDDEN_ADDRESS, (literal.isPresent() ? ""
                    : d.host() + " resolves to " + String.join(", ", found.stream().map(Hosts::format).toList()) + ": ")
                    + String.join("; ", refused) + ", where the proxy does not connect unless the name is mapped "
                    + "explicitly (--resolve NAME=IP)");
        }
        return allowed;
    }

    private List<InetAddress> resolve(String host) throws UpstreamException, InterruptedException {
        Future<List<InetAddress>> lookup = tasks.submit(() -> resolver.resolve(host));
        try {
            List<InetAddress> found = lookup.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (found == null || found.isEmpty()) {
                throw new UpstreamException(Failure.UNRESOLVED, "cannot resolve " + host + ": no addresses");
            }
            return List.copyOf(found);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new UpstreamException(Failure.UNRESOLVED, "cannot resolve " + host + " within "
                    + Hosts.seconds(timeout));
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof UnknownHostException ? "unknown host" : String.valueOf(e.getCause());
            throw new UpstreamException(Failure.UNRESOLVED, "cannot resolve " + host + ": " + why);
        } catch (InterruptedException e) {
            lookup.cancel(true);
            throw e;
        }
    }

    /** A connect that the deadline cut short. */
    static final class TimeoutIOException extends IOException {
        TimeoutIOException(String message) {
            super(message);
        }
    }

    /** The real dialer: a blocking connect on the caller's virtual thread, closed if it outlives the timeout. */
    static Dialer tcp(Deadlines deadlines) {
        return (address, timeout) -> {
            SocketChannel channel = SocketChannel.open();
            Deadlines.Deadline deadline = deadlines.closeAfter(channel, timeout);
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(address);
            } catch (IOException e) {
                channel.close();
                if (deadline.fired()) {
                    throw new TimeoutIOException("connect timed out");
                }
                throw e;
            } finally {
                if (!deadline.cancel()) {
                    channel.close();
                }
            }
            if (!channel.isOpen()) {
                throw new TimeoutIOException("connect timed out");
            }
            return channel;
        };
    }
}
