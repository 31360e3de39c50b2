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
import java.util.function.Function;

/**
 * The egress proxy of one allowlisted run: a unix socket in a folder of its own (bind-mounted into the
 * container at {@code /run/airlock}), a gate with the domains granted so far, and live approvals for the rest.
 */
final class SessionEgress implements AutoCloseable {

    static final String SOCKET = "egress.sock";

    private final EgressProxy proxy;
    private final Path dir;

    private SessionEgress(EgressProxy proxy, Path dir) {
        this.proxy = proxy;
        this.dir = dir;
    }

    /**
     * Starts the proxy for one run.
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
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw AirlockException.failure("cannot make the egress socket's folder " + dir + ": " + e.getMessage(),
                    "set AIRLOCK_STATE_DIR to a folder you can write");
        }
        AllowlistGate gate = new AllowlistGate(granted, (host, port) -> switch (approve.apply(new Destination(host, port))) {
            case Answer.Approved a -> new LiveApprover.Approved(a.scope() == dev.airlock.approval.Scope.SESSION
                    ? LiveApprover.Scope.SESSION : LiveApprover.Scope.ONCE, a.by());
            case Answer.Denied d -> new LiveApprover.Refused("denied by " + d.by() + ": " + d.reason(),
                    "approve it when asked, or grant it up front with --allow-domain " + host);
            case Answer.Passed p -> new LiveApprover.Refused("nobody answered: " + p.reason(),
                    "run with an approver that can answer (--approver terminal or queue), or --allow-domain " + host);
        });
        var builder = EgressProxy.builder(gate).unixSocket(dir.resolve(SOCKET)).pins(pins)
                .decisionTimeout(Escalations.NETWORK_WAIT.plusSeconds(2));
        if (new com.sun.security.auth.module.UnixSystem().getUid() != sandboxUser.uid()) {
            builder.socketOwner(sandboxUser.uid(), sandboxUser.gid());
        }
        return new SessionEgress(builder.start(), dir);
    }

    /** A host a running command wants, waiting for an answer. */
    record Destination(String host, int port) {
    }

    Path dir() {
        return dir;
    }

    /** Every destination of this run, in the order their connections ended. */
    List<RunResult.EgressRecord> records() {
        return proxy.summary().stream().map(s -> new RunResult.EgressRecord(s.host(), s.port(), s.allowed(), s.rule(),
                s.bytesUp(), s.bytesDown())).toList();
    }

    @Override
    public void close() {
        proxy.close();
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a folder left behind holds nothing; the next gc takes it
        }
    }
}
