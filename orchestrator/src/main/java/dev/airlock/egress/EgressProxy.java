package dev.airlock.egress;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airlock's egress proxy: HTTP CONNECT, absolute-form HTTP and SOCKS5 on a unix socket (and, for tests and
 * benchmarks, a loopback TCP port), every destination checked by the gate, resolved and address-checked by the
 * proxy itself, and reported as an {@link EgressEvent}. One virtual thread per connection, two per tunnel;
 * {@link #close} ends every connection and removes the socket file.
 */
public final class EgressProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EgressProxy.class);
    private static final int BACKLOG = 4096;

    private final Optional<Path> unixPath;
    private final List<ServerSocketChannel> servers;
    private final Optional<InetSocketAddress> loopback;
    private final ExecutorService threads;
    private final Deadlines deadlines;
    private final Channels channels;
    private final List<Thread> acceptors = new ArrayList<>();
    private final Map<List<Object>, EgressSummary> summary = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EgressProxy(Builder b) throws IOException {
        threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("egress-", 0).factory());
        deadlines = new Deadlines();
        channels = new Channels();
        Dialer dialer = b.dialer != null ? b.dialer : Upstreams.tcp(deadlines);
        Upstreams upstreams = new Upstreams(b.resolver, b.pins, b.addresses != null ? b.addresses
                : Addresses.ofThisHost(), dialer, b.connectTimeout, threads);
        Consumer<EgressEvent> listener = b.listener;
        Context cx = new Context(b.gate, b.decisionTimeout, b.headTimeout, upstreams, deadlines, threads,
                new Buffers(), event -> record(event, listener), channels);
        List<ServerSocketChannel> open = new ArrayList<>();
        try {
            if (b.unixSocket != null) {
                open.add(bindUnix(b.unixSocket, b.permissions, b.uid, b.gid));
            }
            if (b.loopbackPort.isPresent()) {
                ServerSocketChannel tcp = ServerSocketChannel.open();
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.loopbackPort.getAsInt()), BACKLOG);
                open.add(tcp);
            }
        } catch (IOException | RuntimeException e) {
            open.forEach(Channels::closeQuietly);
            threads.shutdownNow();
            deadlines.close();
            throw e;
        }
        servers = List.copyOf(open);
        unixPath = Optional.ofNullable(b.unixSocket);
        loopback = b.loopbackPort.isPresent()
                ? Optional.of((InetSocketAddress) servers.getLast().getLocalAddress()) : Optional.empty();
        for (ServerSocketChannel server : servers) {
            boolean tcp = !(server.getLocalAddress() instanceof UnixDomainSocketAddress);
            acceptors.add(Thread.ofVirtual().name("egress-accept").start(() -> accept(server, tcp, cx)));
        }
    }

    /** A proxy that asks {@code gate} about every destination; configure it, then {@link Builder#start}. */
    public static Builder builder(EgressGate gate) {
        return new Builder(gate);
    }

    /** The unix socket clients connect to, when there is one. */
    public Optional<Path> unixSocket() {
        return unixPath;
    }

    /** The loopback TCP address clients connect to, when there is one. */
    public Optional<InetSocketAddress> loopbackAddress() {
        return loopback;
    }

    /** Every destination so far with its outcome, connections and bytes added up, in order of first use. */
    public List<EgressSummary> summary() {
        synchronized (summary) {
            return List.copyOf(summary.values());
        }
    }

    /** Client and destination connections open now. */
    public int openChannels() {
        return channels.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        servers.forEach(Channels::closeQuietly);
        channels.closeAll();
        threads.shutdownNow();
        try {
            for (Thread t : acceptors) {
                t.join(Duration.ofSeconds(5));
            }
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("egress proxy: some connections did not end within 5 s of closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deadlines.close();
            unixPath.ifPresent(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("egress proxy: cannot remove socket {}: {}", p, e.toString());
                }
            });
        }
    }

    private void accept(ServerSocketChannel server, boolean tcp, Context cx) {
        while (!closed.get()) {
            SocketChannel client;
            try {
                client = server.accept();
                if (tcp) {
                    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
            } catch (IOException e) {
                if (closed.get() || !server.isOpen()) {
                    return;
                }
                // out of file descriptors, say: wait a little rather than spin
                LOG.warn("egress proxy: accept failed: {}", e.toString());
                sleep();
                continue;
            }
            if (!channels.add(client)) {
                return;
            }
            try {
                threads.execute(new ProxiedConnection(client, cx));
            } catch (RejectedExecutionException e) {
                Channels.closeQuietly(client);
                return;
            }
        }
    }

    private void record(EgressEvent event, Consumer<EgressEvent> listener) {
        synchronized (summary) {
            summary.merge(List.of(event.host(), event.port(), event.allowed()),
                    new EgressSummary(event.host(), event.port(), event.allowed(), event.rule(), 1, event.bytesUp(),
                            event.bytesDown()),
                    (old, fresh) -> old.plus(event));
        }
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("egress event listener failed on {}: {}", event.host(), e.toString());
        }
    }

    private static ServerSocketChannel bindUnix(Path path, Set<PosixFilePermission> permissions,
                                                OptionalInt uid, OptionalInt gid) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                throw AirlockException.failure("cannot create the egress socket " + path + ": a file is in the way",
                        "remove it, or let Airlock use its own state directory");
            }
            Files.delete(path); // a socket left by a crashed run
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path), BACKLOG);
            Files.setPosixFilePermissions(path, permissions);
            if (uid.isPresent()) {
                Files.setAttribute(path, "unix:uid", uid.getAsInt(), LinkOption.NOFOLLOW_LINKS);
            }
            if (gid.isPresent()) {
                Files.setAttribute(path, "unix:gid", gid.getAsInt(), LinkOption.NOFOLLOW_LINKS);
            }
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(path);
            throw AirlockException.failure("cannot create the egress socket " + path + ": " + e,
                    "socket paths must be shorter than 108 bytes, and changing the owner to another user needs root");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How to start a proxy; everything but the gate and one listening side has a default. */
    public static final class Builder {

        private final EgressGate gate;
        private Path unixSocket;
        private Set<PosixFilePermission> permissions = PosixFilePermissions.fromString("rw-------");
        private OptionalInt uid = OptionalInt.empty();
        private OptionalInt gid = OptionalInt.empty();
        private OptionalInt loopbackPort = OptionalInt.empty();
        private Resolver resolver = Resolver.system();
        private final Map<String, InetAddress> pins = new HashMap<>();
        private Duration decisionTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration headTimeout = Duration.ofSeconds(30);
        private Consumer<EgressEvent> listener = event -> { };
        private Dialer dialer;
        private Addresses addresses;

        private Builder(EgressGate gate) {
            this.gate = Objects.requireNonNull(gate);
        }

        /** Listen on a unix socket at this path (created {@code 0600}, replacing a stale socket, removed on close). */
        public Builder unixSocket(Path path) {
            this.unixSocket = path;
            return this;
        }

        /** Give the socket to the sandbox's user, so it can connect (needs root unless it is our own uid). */
        public Builder socketOwner(int uid, int gid) {
            this.uid = OptionalInt.of(uid);
            this.gid = OptionalInt.of(gid);
            return this;
        }

        /** The socket's permissions; {@code rw-------} unless set ({@code rw-rw----} lets the owner's group in). */
        public Builder socketPermissions(Set<PosixFilePermission> permissions) {
            this.permissions = Set.copyOf(permissions);
            return this;
        }

        /** Also listen on this port of the loopback interface ({@code 0}: any free port); tests and benchmarks. */
        public Builder loopbackPort(int port) {
            this.loopbackPort = OptionalInt.of(port);
            return this;
        }

        public Builder resolver(Resolver resolver) {
            this.resolver = Objects.requireNonNull(resolver);
            return this;
        }

        /** {@code --resolve NAME=IP} mappings: used without DNS, and exempt from the address checks. */
        public Builder pins(Collection<Pin> pins) {
            pins.forEach(p -> this.pins.put(p.host(), p.address()));
            return this;
        }

        /** How long a connection waits for the gate's verdict (a live approval) before it is refused; 10 s. */
        public Builder decisionTimeout(Duration timeout) {
            this.decisionTimeout = positive(timeout);
            return this;
        }

        /** How long resolving and connecting to a destination may take, each; 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /** How long a client may take to send its request (head or SOCKS greeting); 30 s. */
        public Builder headTimeout(Duration timeout) {
            this.headTimeout = positive(timeout);
            return this;
        }

        /** Receives every event, on the connection's thread, when its connection ends; must be thread-safe. */
        public Builder listener(Consumer<EgressEvent> listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        Builder dialer(Dialer dialer) {
            this.dialer = dialer;
            return this;
        }

        Builder addresses(Addresses addresses) {
            this.addresses = addresses;
            return this;
        }

        /** Binds and starts accepting; AirlockException when the socket cannot be created. */
        public EgressProxy start() {
            if (unixSocket == null && loopbackPort.isEmpty()) {
                throw new IllegalStateException("an egress proxy needs a unix socket or a loopback port");
            }
            try {
                return new EgressProxy(this);
            } catch (IOException e) {
                throw AirlockException.failure("cannot start the egress proxy: " + e.getMessage(),
                        "check that the loopback port is free");
            }
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive: " + d);
            }
            return d;
        }
    }
}
