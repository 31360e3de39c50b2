package dev.airlock.server;

import dev.airlock.AirlockException;
import dev.airlock.app.Console;
import dev.airlock.app.Services;
import dev.airlock.client.PrivateDirs;
import dev.airlock.client.ClientProtocol;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves clients on a unix socket only its user can open: each connection runs one command line with the
 * client's console, on a virtual thread. Exits when idle (no connection and no warm session) for a while.
 */
public final class Server implements AutoCloseable {

    /** Runs one client's command line with its console over the server's services; returns its exit status. */
    @FunctionalInterface
    public interface Invocation {
        int run(Console console, Services services, String[] argv);
    }

    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private final Path socket;
    private final Services services;
    private final Invocation invocation;
    private final Duration idleExit;
    private final ServerSocketChannel listener;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicReference<Instant> lastActivity = new AtomicReference<>(Instant.now());

    private Server(Path socket, Services services, Invocation invocation, Duration idleExit, ServerSocketChannel listener) {
        this.socket = socket;
        this.services = services;
        this.invocation = invocation;
        this.idleExit = idleExit;
        this.listener = listener;
    }

    /**
     * Binds the socket; refuses when another server answers on it already, and when its folder is not ours
     * alone (the short folder under /tmp may have been made by another user, to be written to by our clients).
     */
    public static Server bind(Path socket, Services services, Invocation invocation, Duration idleExit) {
        try {
            if (ClientProtocol.inStateFolder(socket)) {
                PrivateDirs.ensureState(socket.getParent(), line -> log.warn("{}", line));
            } else {
                PrivateDirs.ensureOwn(socket.getParent());
            }
            if (Files.exists(socket)) {
                try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    probe.connect(UnixDomainSocketAddress.of(socket));
                    throw AirlockException.failure("an Airlock server already serves " + socket, "stop it first, or use it");
                } catch (IOException stale) {
                    Files.deleteIfExists(socket); // left by a server that died
                }
            }
            ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            // the launcher stops a server older than the jar it would run, by this pid
            Files.writeString(pidFile(socket), Long.toString(ProcessHandle.current().pid()));
            return new Server(socket, services, invocation, idleExit, listener);
        } catch (IOException e) {
            throw AirlockException.failure("cannot serve on " + socket + ": " + e.getMessage(),
                    "check the state folder's permissions, or set AIRLOCK_STATE_DIR");
        } catch (PrivateDirs.Unsafe e) {
            throw AirlockException.failure("refused to serve on " + socket + ": " + e.getMessage(), e.hint());
        }
    }

    /** Accepts clients until idle for too long (or closed). */
    public void serve() {
        Thread.ofVirtual().name("airlock-idle").start(this::watchIdle);
        log.info("serving on {}", socket);
        while (listener.isOpen()) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                if (listener.isOpen()) {
                    log.warn("accept failed: {}", e.toString());
                }
                continue;
            }
            Thread.ofVirtual().name("airlock-client").start(() -> handle(channel));
        }
    }

    private void handle(SocketChannel channel) {
        active.incrementAndGet();
        try (channel) {
            if (!sameUser(channel)) {
                return;
            }
            try (ClientConnection connection = new ClientConnection(channel)) {
                serve(connection);
            }
        } catch (IOException e) {
            log.debug("client dropped: {}", e.toString());
        } catch (RuntimeException e) {
            // a bug of ours on one connection must not reach the virtual thread's top: log it, serve the others
            log.warn("a client's connection failed: {}", e.toString(), e);
        } finally {
            lastActivity.set(Instant.now());
            active.decrementAndGet();
        }
    }

    /** Runs one client's command line with its console, and sends how it ended. */
    private void serve(ClientConnection connection) throws IOException {
        ClientConnection.Hello hello;
        try {
            hello = connection.hello();
        } catch (HelloFrame.ProtocolError e) {
            log.warn("refused a client's hello: {}", e.getMessage());
            connection.refuse(e);
            return;
        }
        Thread worker = Thread.currentThread();
        Thread.ofVirtual().name("airlock-client-in").start(() -> connection.listen(worker));
        int status;
        try {
            status = invocation.run(hello.console(), services, hello.argv().toArray(String[]::new));
        } catch (RuntimeException e) {
            log.warn("command failed: {}", e.toString());
            status = AirlockException.Kind.FAILURE.exitCode();
        }
        // Ctrl-C or a vanished client: the command was stopped, and the caller learns it as 130
        if (Thread.interrupted() && status != 0) {
            status = 130;
        }
        connection.exit(status);
    }

    /**
     * The socket's folder is private already; the peer's credentials say so once more. Credentials that
     * cannot be read let nobody in: a client we cannot name is not ours.
     */
    private boolean sameUser(SocketChannel channel) {
        if (!PrivateDirs.trustedPeer(channel, false)) {
            log.warn("refused a client of {}", PrivateDirs.peerName(channel));
            return false;
        }
        return true;
    }

    private void watchIdle() {
        while (listener.isOpen()) {
            try {
                Thread.sleep(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                return;
            }
            services.reapIdle(Instant.now()).forEach(id -> log.info("session {} idle: its containers are removed", id));
            boolean idle = active.get() == 0 && services.warmSessions() == 0
                    && lastActivity.get().plus(idleExit).isBefore(Instant.now());
            if (idle) {
                log.info("idle for {}: exiting", idleExit);
                close();
            }
        }
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            listener.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(pidFile(socket));
        } catch (IOException e) {
            log.debug("closing: {}", e.toString());
        }
    }

    static Path pidFile(Path socket) {
        return socket.resolveSibling(socket.getFileName().toString().replace(".sock", ".pid"));
    }

    /** The socket this state folder's server for the engine {@code settings} ({@link ClientProtocol#engineSettings}) names listens on (one server per engine). */
    public static Path socketFor(Path stateDir, java.util.Map<String, String> settings) {
        return ClientProtocol.socket(stateDir, PrivateDirs.uid(), ClientProtocol.engineKey(settings));
    }
}
