package dev.airlock.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowlistGateTest {

    private static Verdict check(AllowlistGate gate, String host, int port) {
        return gate.check(new Destination(host, port, Protocol.HTTP_CONNECT));
    }

    @ParameterizedTest(name = "{1}:{2} against [{0}] -> {3}")
    @CsvSource(delimiter = '|', value = {
            "*.example.com|a.example.com|443|true",
            "*.example.com|a.b.example.com|443|true",
            "*.example.com|A.EXAMPLE.COM|443|true",
            "*.example.com|a.example.com.|443|true",
            "*.example.com|a.example。com|443|true",
            "*.example.com|example.com|443|false",
            "*.example.com|evilexample.com|443|false",
            "*.example.com|a.evilexample.com|443|false",
            "*.example.com|example.com.evil.test|443|false",
            "*.example.com|a.example.com.evil.test|443|false",
            "*.example.com|a.example.co|443|false",
            "example.com|example.com|443|true",
            "example.com|EXAMPLE.com.|80|true",
            "example.com|a.example.com|443|false",
            "example.com|example.com|8443|false",
            "example.com|example.com|22|false",
            "example.com:8443|example.com|8443|true",
            "example.com:8443|example.com|443|false",
            "*.example.com:8080|x.example.com|8080|true",
            "*.example.com:8080|x.example.com|80|false",
            "Example.COM.|example.com|443|true",
            "bücher.test|xn--bcher-kva.test|443|true",
            "bücher.test|BÜCHER.test|443|true",
            "*.bücher.test|a.xn--bcher-kva.test|443|true",
            "xn--bcher-kva.test|bücher.test|443|true",
    })
    void namesMatchAsTheAllowlistSays(String entry, String host, int port, boolean allowed) {
        AllowlistGate gate = new AllowlistGate(List.of(entry));

        assertThat(check(gate, host, port)).isInstanceOf(allowed ? Verdict.Allowed.class : Verdict.Denied.class);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"127.0.0.1", "127.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433", "0x7f000001",
            "[::ffff:127.0.0.1]", "[::1]", "fe80::1%eth0", "[fe80::1%25eth0]", "0x7f.0.0x0.01", "169.254.169.254",
            "93.184.216.34", "１２７.０.０.１"})
    void ipLiteralsAreRefusedUnlessListed(String host) {
        AllowlistGate gate = new AllowlistGate(List.of("example.com", "*.example.com", "localhost"),
                (h, p) -> new LiveApprover.Approved(LiveApprover.Reach.SESSION, "everyone"));

        Verdict verdict = check(gate, host, 443);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Denied.class,
                d -> assertThat(d.reason()).contains("IP address").contains("not on the allowlist"));
    }

    @ParameterizedTest(name = "listed 127.0.0.1 matches {0}")
    @ValueSource(strings = {"127.0.0.1", "127.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433", "[::ffff:127.0.0.1]"})
    void aListedAddressMatchesEverySpellingOfIt(String host) {
        AllowlistGate gate = new AllowlistGate(List.of("127.0.0.1"));

        assertThat(check(gate, host, 443)).isInstanceOf(Verdict.Allowed.class);
        assertThat(check(gate, "127.0.0.2", 443)).isInstanceOf(Verdict.Denied.class);
    }

    @Test
    void aListedIpv6AddressMatchesItsOtherSpellings() {
        AllowlistGate gate = new AllowlistGate(List.of("[2001:db8::1]:8443"));

        assertThat(check(gate, "[2001:DB8:0:0:0:0:0:1]", 8443)).isInstanceOf(Verdict.Allowed.class);
        assertThat(check(gate, "2001:db8::1", 443)).isInstanceOf(Verdict.Denied.class);
    }

    @Test
    void withoutAnApproverAnUnlistedHostIsRefusedWithAHint() {
        AllowlistGate gate = new AllowlistGate(List.of("example.com"));

        assertThat(check(gate, "other.test", 443)).isEqualTo(new Verdict.Denied("other.test:443 is not on the allowlist",
                "allow it with --allow-domain other.test (or add it to the profile's domains)"));
        assertThat(check(gate, "other.test", 8080)).isInstanceOfSatisfying(Verdict.Denied.class,
                d -> assertThat(d.hint()).contains("--allow-domain other.test:8080"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "*.test", "a.*.test", "example.*", "*.127.0.0.1", "example.com:0", "example.com:99999",
            "example.com:http", "exa mple.com", ""})
    void malformedEntriesAreUsageErrors(String entry) {
        assertThatThrownBy(() -> new AllowlistGate(List.of(entry)))
                .isInstanceOfSatisfying(AirlockException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AirlockException.Kind.USAGE);
                    assertThat(e.getMessage()).contains("'" + entry + "'");
                    assertThat(e.hint()).contains("*.example.com");
                });
    }

    @Test
    void manyWaitersOnOnePendingHostMakeOneRequestAndASessionAnswerIsRemembered() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch answer = new CountDownLatch(1);
        AllowlistGate gate = new AllowlistGate(List.of(), (host, port) -> {
            asked.incrementAndGet();
            answer.await();
            return new LiveApprover.Approved(LiveApprover.Reach.SESSION, "terminal");
        });
        List<Future<Verdict>> waiting = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                waiting.add(threads.submit(() -> check(gate, "new.test", 443)));
            }
            awaitWaiting(gate, "new.test", 443, 10);
            answer.countDown();
            for (Future<Verdict> f : waiting) {
                assertThat(f.get(10, TimeUnit.SECONDS))
                        .isEqualTo(new Verdict.Allowed("approved for the session by terminal"));
            }
        }

        assertThat(check(gate, "NEW.test", 80)).isEqualTo(new Verdict.Allowed("session grant new.test"));
        assertThat(asked).hasValue(1);
        assertThat(gate.sessionGrants()).containsExactly("new.test");
    }

    @Test
    void aOnceAnswerLetsOnlyTheWaitingConnectionsThrough() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AllowlistGate gate = new AllowlistGate(List.of(), (host, port) -> new LiveApprover.Approved(
                LiveApprover.Reach.ONCE, "queue#" + asked.incrementAndGet()));

        assertThat(check(gate, "once.test", 443)).isEqualTo(new Verdict.Allowed("approved once by queue#1"));
        assertThat(check(gate, "once.test", 443)).isEqualTo(new Verdict.Allowed("approved once by queue#2"));
        assertThat(gate.sessionGrants()).isEmpty();
    }

    @Test
    void aSessionGrantForAnOddPortCoversOnlyThatPort() {
        AtomicInteger asked = new AtomicInteger();
        AllowlistGate gate = new AllowlistGate(List.of(), (host, port) -> {
            asked.incrementAndGet();
            return new LiveApprover.Approved(LiveApprover.Reach.SESSION, "terminal");
        });

        check(gate, "odd.test", 8080);
        check(gate, "odd.test", 8080);
        check(gate, "odd.test", 443);

        assertThat(asked).hasValue(2);
        assertThat(gate.sessionGrants()).containsExactly("odd.test:8080", "odd.test");
    }

    @Test
    void aRefusalOrAFailingApproverDenies() {
        AllowlistGate refusing = new AllowlistGate(List.of(),
                (host, port) -> new LiveApprover.Refused("denied by the user", "ask again with a reason"));
        AllowlistGate failing = new AllowlistGate(List.of(), (host, port) -> {
            throw new IllegalStateException("queue unreachable");
        });

        assertThat(check(refusing, "x.test", 443))
                .isEqualTo(new Verdict.Denied("denied by the user", "ask again with a reason"));
        assertThat(check(failing, "x.test", 443)).isInstanceOfSatisfying(Verdict.Denied.class,
                d -> assertThat(d.reason()).contains("x.test:443").contains("queue unreachable"));
    }

    @Test
    void aTimeoutRefusalSaysHowToApprove() {
        AllowlistGate gate = new AllowlistGate(List.of());

        Verdict.Denied denied = gate.onTimeout(new Destination("slow.test", 443, Protocol.HTTP), Duration.ofSeconds(10));

        assertThat(denied.reason()).isEqualTo("nobody approved slow.test:443 within 10 s");
        assertThat(denied.hint()).contains("airlock approvals").contains("--allow-domain slow.test");
    }

    static void awaitWaiting(AllowlistGate gate, String host, int port, int count) throws InterruptedException {
        for (int i = 0; i < 1000 && gate.waiting(host, port) < count; i++) {
            Thread.sleep(10);
        }
        assertThat(gate.waiting(host, port)).isEqualTo(count);
    }
}
