package dev.airlock.session;

import dev.airlock.AirlockException;
import dev.airlock.approval.Answer;
import dev.airlock.egress.AllowlistGate;
import dev.airlock.egress.EgressProxy;
import dev.airlock.egress.LiveApprover;
import dev.airlock.egress.Pin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The egress proxy of one allowlisted command: a unix socket of its own, under a random name, in the folder
 * bind-mounted into the container at {@code /run/airlock} (a warm session's containers share one folder, which
 * they cannot list), a gate with what this command may reach, and live approvals for the rest. Closing it ends
 * every connection of the command; nothing granted for the command alone outlives it.
 */
final class SessionEgress implements AutoCloseable {

    /** The longest socket name {@link #start} makes, for the 108-byte limit of a socket path. */
    static final int SOCKET_NAME_LENGTH = 26 + ".sock".length();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final EgressProxy proxy;
    private final Path dir;
    private final String socket;

    private SessionEgress(EgressProxy proxy, Path dir, String socket) {
        this.proxy = proxy;
        this.dir = dir;
        this.socket = socket;
    }

    /**
     * Starts the proxy for one command, its socket in {@code dir} (made if need be; never listable by the sandbox).
     *
     * @param granted  entries that pass without asking (the profile's domains, --allow-domain, session grants,
     *                 and the domains the command's approval covered)
     * @param approve  asks a person about any other host; its answer for the proxy
     * @param pins     {@code --resolve NAME=IP} mappings
     */
    static SessionEgress start(Path dir, Identity sandboxUser, Collection<String> granted,
                               Function<Destination, Answer> approve, List<Pin> pins) {
        try {
            Files.createDirectories(dir);
            // the sandbox's user may own it (it is ours): without read, it cannot list other commands' sockets
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("-wx--x--x"));
        } catch (IOException e) {
            throw AirlockException.failure("cannot make the egress socket's folder " + dir + ": " + e.getMessage(),
                    "set AIRLOCK_STATE_DIR to a folder you can write");
        }
        AllowlistGate gate = new AllowlistGate(granted, (host, port) -> switch (approve.apply(new Destination(host, port))) {
            case Answer.Approved a -> new LiveApprover.Approved(a.scope() == dev.airlock.approval.Scope.SESSION
                    ? LiveApprover.Reach.SESSION : LiveApprover.Reach.ONCE, a.by());
            case Answer.Denied d -> new LiveApprover.Refused("denied by " + d.by() + ": " + d.reason(),
                    "approve it when asked, or grant it up front with --allow-domain " + host);
            case Answer.Passed p -> new LiveApprover.Refused("nobody answered: " + p.reason(),
                    "run with an approver that can answer (--approver terminal or queue), or --allow-domain " + host);
        });
        String socket = socketName();
        var builder = EgressProxy.builder(gate).unixSocket(dir.resolve(socket)).pins(pins)
                .decisionTimeout(Escalations.NETWORK_WAIT.plusSeconds(2));
        if (new com.sun.security.auth.module.UnixSystem().getUid() != sandboxUser.uid()) {
            builder.socketOwner(sandboxUser.uid(), sandboxUser.gid());
        }
        return new SessionEgress(builder.start(), dir, socket);
    }

    /** A host a running command wants, waiting for an answer. */
    record Destination(String host, int port) {
    }

    /** 128 random bits in base 32: a name no other command can guess. */
    private static String socketName() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder name = new StringBuilder();
        java.math.BigInteger n = new java.math.BigInteger(1, bytes);
        for (int i = 0; i < 26; i++) {
            name.append(alphabet.charAt(n.intValue() & 31));
            n = n.shiftRight(5);
        }
        return name.append(".sock").toString();
    }

    Path dir() {
        return dir;
    }

    /** The socket's name in {@link #dir()}, which the command's relay connects to. */
    String socket() {
        return socket;
    }

    /** Where the destinations stand now, to tell a later command's from earlier ones. */
    Map<String, RunResult.EgressRecord> mark() {
        Map<String, RunResult.EgressRecord> out = new java.util.LinkedHashMap<>();
        proxy.summary().forEach(s -> out.put(s.host() + ":" + s.port() + ":" + s.allowed() + ":" + s.rule(),
                new RunResult.EgressRecord(s.host(), s.port(), s.allowed(), s.rule(), s.connections(), s.bytesUp(), s.bytesDown())));
        return out;
    }

    /** The destinations since {@code before}: new ones whole, known ones by the bytes they added. */
    List<RunResult.EgressRecord> since(Map<String, RunResult.EgressRecord> before) {
        List<RunResult.EgressRecord> out = new java.util.ArrayList<>();
        mark().forEach((key, now) -> {
            RunResult.EgressRecord was = before.get(key);
            if (was == null) {
                out.add(now);
            } else if (now.connections() != was.connections()) {
                out.add(new RunResult.EgressRecord(now.host(), now.port(), now.allowed(), now.by(),
                        now.connections() - was.connections(), now.bytesUp() - was.bytesUp(), now.bytesDown() - was.bytesDown()));
            }
        });
        return out;
    }

    /** Ends the command's connections and removes its socket; the folder is the caller's. */
    @Override
    public void close() {
        proxy.close();
    }

    /** Removes a socket folder no container mounts any more; one left behind holds nothing, and gc takes it. */
    static void removeFolder(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty (a socket of a crashed proxy) or gone: left to gc
        }
    }
}
