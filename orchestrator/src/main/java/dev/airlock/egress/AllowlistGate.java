package dev.airlock.egress;

import dev.airlock.AirlockException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The standard gate: a destination passes when an allowlist entry or a session grant matches its host and port;
 * an IP literal only when listed exactly; any other host goes to the {@link LiveApprover}, one request per
 * pending host however many connections wait on it. Without an approver, unlisted hosts are refused.
 */
public final class AllowlistGate implements EgressGate {

    private final List<HostPattern> entries;
    private final Optional<LiveApprover> approver;
    private final Object lock = new Object();
    private final List<HostPattern> grants = new ArrayList<>();
    private final Map<HostPattern, Pending> pending = new HashMap<>();

    private static final class Pending {
        final CompletableFuture<LiveApprover.Answer> answer = new CompletableFuture<>();
        int waiting;
    }

    /** An allowlist that refuses everything else. */
    public AllowlistGate(Collection<String> entries) {
        this(entries, Optional.empty());
    }

    /** An allowlist that asks {@code approver} about everything else. */
    public AllowlistGate(Collection<String> entries, LiveApprover approver) {
        this(entries, Optional.of(approver));
    }

    private AllowlistGate(Collection<String> entries, Optional<LiveApprover> approver) {
        this.entries = entries.stream().map(AllowlistGate::entry).toList();
        this.approver = approver;
    }

    private static HostPattern entry(String entry) {
        try {
            return HostPattern.parse(entry);
        } catch (IllegalArgumentException e) {
            throw AirlockException.usage("not an allowed-domain entry: '" + entry + "': " + e.getMessage(),
                    "write a name (example.com), a wildcard for its subdomains (*.example.com), an IP address, "
                            + "each optionally with :PORT (80 and 443 when none is given)");
        }
    }

    /** Grants a host for the rest of the session, as an approval "for the session" does. */
    public void grant(String entry) {
        HostPattern pattern = entry(entry);
        synchronized (lock) {
            grants.add(pattern);
        }
    }

    /** The session grants so far, as entries ({@code api.example.com}, {@code build.test:8080}). */
    public List<String> sessionGrants() {
        synchronized (lock) {
            return grants.stream().map(HostPattern::text).toList();
        }
    }

    @Override
    public Verdict check(Destination d) {
        Hosts.Host host = Hosts.parse(d.host());
        for (HostPattern e : entries) {
            if (e.matches(host, d.port())) {
                return new Verdict.Allowed("allowlist " + e.text());
            }
        }
        if (host.isIpLiteral()) {
            return new Verdict.Denied("IP address " + d.authority() + " is not on the allowlist "
                    + "(addresses pass only when listed exactly)",
                    "if you mean it, allow it with --allow-domain " + HostPattern.grant(d.host(), d.port()).text());
        }
        HostPattern key = HostPattern.grant(d.host(), d.port());
        Pending wait;
        synchronized (lock) {
            for (HostPattern g : grants) {
                if (g.matches(host, d.port())) {
                    return new Verdict.Allowed("session grant " + g.text());
                }
            }
            if (approver.isEmpty()) {
                return new Verdict.Denied(d.authority() + " is not on the allowlist",
                        "allow it with --allow-domain " + key.text() + " (or add it to the profile's domains)");
            }
            wait = pending.computeIfAbsent(key, k -> ask(k, d));
            wait.waiting++;
        }
        try {
            return verdict(wait.answer.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict.Denied("stopped waiting for an approval of " + d.authority(), "");
        } catch (ExecutionException e) {
            return new Verdict.Denied("asking about " + d.authority() + " failed: " + e.getCause(), "");
        } finally {
            synchronized (lock) {
                wait.waiting--;
            }
        }
    }

    @Override
    public Verdict.Denied onTimeout(Destination d, Duration waited) {
        return new Verdict.Denied("nobody approved " + d.authority() + " within " + Hosts.seconds(waited),
                "approve the pending request for " + d.host() + " for the session (airlock approvals) and retry, "
                        + "or allow it up front with --allow-domain " + HostPattern.grant(d.host(), d.port()).text());
    }

    /** Connections waiting now for an answer about this host and port (for tests). */
    int waiting(String host, int port) {
        synchronized (lock) {
            Pending p = pending.get(HostPattern.grant(host, port));
            return p == null ? 0 : p.waiting;
        }
    }

    private Pending ask(HostPattern key, Destination d) {
        Pending p = new Pending();
        Thread.ofVirtual().name("egress-approval " + d.authority()).start(() -> {
            LiveApprover.Answer answer;
            try {
                answer = approver.orElseThrow().ask(d.host(), d.port());
                if (answer == null) {
                    answer = new LiveApprover.Refused("the approver gave no answer about " + d.authority(), "");
                }
            } catch (Throwable e) {
                answer = new LiveApprover.Refused("asking about " + d.authority() + " failed: " + e, "");
            }
            synchronized (lock) {
                // grant first, then stop pending: a connection that misses the pending request sees the grant
                if (answer instanceof LiveApprover.Approved(LiveApprover.Reach scope, String by)
                        && scope == LiveApprover.Reach.SESSION) {
                    grants.add(key);
                }
                pending.remove(key);
            }
            p.answer.complete(answer);
        });
        return p;
    }

    private static Verdict verdict(LiveApprover.Answer answer) {
        return switch (answer) {
            case LiveApprover.Approved(LiveApprover.Reach scope, String by) -> new Verdict.Allowed(switch (scope) {
                case ONCE -> "approved once by " + by;
                case SESSION -> "approved for the session by " + by;
            });
            case LiveApprover.Refused(String reason, String hint) -> new Verdict.Denied(reason, hint);
        };
    }
}
