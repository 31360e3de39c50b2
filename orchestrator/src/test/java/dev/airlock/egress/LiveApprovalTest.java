package dev.airlock.egress;

import static dev.airlock.egress.ProxyHarness.pin;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveApprovalTest {

    private static final int WAITING = 20;

    private EchoServer echo;
    private final AtomicInteger asked = new AtomicInteger();
    private final CountDownLatch answer = new CountDownLatch(1);
    private volatile LiveApprover.Answer decision = new LiveApprover.Approved(LiveApprover.Reach.SESSION, "terminal");

    @BeforeEach
    void start() throws Exception {
        echo = new EchoServer();
    }

    @AfterEach
    void stop() throws Exception {
        answer.countDown();
        echo.close();
    }

    private AllowlistGate gate() {
        return new AllowlistGate(List.of(), (host, port) -> {
            asked.incrementAndGet();
            answer.await();
            return decision;
        });
    }

    /** Opens a tunnel to the pending host, sends its own payload, and returns what came back (or the refusal). */
    private static String roundTrip(ProxyHarness h, String authority, String payload) throws Exception {
        try (ProxyHarness.Opened t = h.connectTunnel(authority)) {
            if (!t.established()) {
                return t.head() + new String(t.socket().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            t.socket().getOutputStream().write(payload.getBytes(StandardCharsets.US_ASCII));
            t.socket().shutdownOutput();
            return new String(t.socket().getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void manyConnectionsToAPendingHostMakeOneRequestAndAllPassWhenApprovedForTheSession() throws Exception {
        AllowlistGate gate = gate();
        String authority = "pending.test:" + echo.port();
        try (ProxyHarness h = new ProxyHarness(gate, List.of(pin("pending.test")));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                String payload = "client-" + i;
                results.add(clients.submit(() -> roundTrip(h, authority, payload)));
            }
            AllowlistGateTest.awaitWaiting(gate, "pending.test", echo.port(), WAITING);
            assertThat(echo.connections).as("nobody got through while pending").hasValue(0);

            answer.countDown();

            for (int i = 0; i < WAITING; i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("client-" + i);
            }
            assertThat(roundTrip(h, authority, "later")).isEqualTo("later");
            assertThat(asked).hasValue(1);
            assertThat(gate.sessionGrants()).containsExactly(authority);
            List<String> rules = new ArrayList<>();
            for (int i = 0; i <= WAITING; i++) {
                rules.add(h.event().rule());
            }
            assertThat(rules).containsOnly("approved for the session by terminal", "session grant " + authority)
                    .containsOnlyOnce("session grant " + authority);
        }
    }

    @Test
    void anApprovalForOnceLetsTheWaitingConnectionThroughAndAsksAgainLater() throws Exception {
        decision = new LiveApprover.Approved(LiveApprover.Reach.ONCE, "queue");
        answer.countDown();
        try (ProxyHarness h = new ProxyHarness(gate(), List.of(pin("once.test")))) {
            assertThat(roundTrip(h, "once.test:" + echo.port(), "first")).isEqualTo("first");
            assertThat(roundTrip(h, "once.test:" + echo.port(), "second")).isEqualTo("second");
        }
        assertThat(asked).hasValue(2);
    }

    @Test
    void aRefusedApprovalIsA403WithTheApproversReason() throws Exception {
        decision = new LiveApprover.Refused("the user said no to pending.test", "ask with a better reason");
        answer.countDown();
        try (ProxyHarness h = new ProxyHarness(gate(), List.of(pin("pending.test")))) {
            assertThat(roundTrip(h, "pending.test:" + echo.port(), "x")).startsWith("HTTP/1.1 403 ")
                    .contains("Reason: the user said no to pending.test").contains("To allow it: ask with a better reason");
        }
        assertThat(echo.connections).hasValue(0);
    }

    @Test
    void noAnswerWithinTheBoundIsA403SayingHowToApprove() throws Exception {
        try (ProxyHarness h = new ProxyHarness(gate(), List.of(pin("slow.test")),
                b -> b.decisionTimeout(Duration.ofMillis(300)))) {
            String refused = roundTrip(h, "slow.test:" + echo.port(), "x");

            assertThat(refused).startsWith("HTTP/1.1 403 ")
                    .contains("nobody approved slow.test:" + echo.port() + " within 300 ms")
                    .contains("airlock approvals").contains("--allow-domain slow.test:" + echo.port());
            assertThat(h.event().allowed()).isFalse();
        }
        assertThat(echo.connections).hasValue(0);
    }

    @Test
    void aGateThatThrowsDenies() throws Exception {
        try (ProxyHarness h = new ProxyHarness(d -> {
            throw new IllegalStateException("policy store unreadable");
        }, List.of(pin("any.test")))) {
            assertThat(roundTrip(h, "any.test:" + echo.port(), "x")).startsWith("HTTP/1.1 403 ")
                    .contains("policy store unreadable");
        }
        assertThat(echo.connections).hasValue(0);
    }
}
