package dev.airlock.egress;

import static dev.airlock.egress.ProxyHarness.pin;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentTunnelsTest {

    private static final int TUNNELS = 200;
    private static final int BYTES = 64 * 1024;

    @Test
    void twoHundredConcurrentTunnelsEachCarryTheirOwnBytes() throws Exception {
        try (EchoServer echo = new EchoServer();
             ProxyHarness h = new ProxyHarness(new AllowlistGate(List.of("echo.test:" + echo.port())),
                     List.of(pin("echo.test")));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch allOpen = new CountDownLatch(TUNNELS);
            List<Future<byte[][]>> results = new ArrayList<>();
            for (int i = 0; i < TUNNELS; i++) {
                int seed = i;
                results.add(clients.submit(() -> {
                    byte[] sent = new byte[BYTES];
                    new Random(seed).nextBytes(sent);
                    try (ProxyHarness.Opened t = h.connectTunnel("echo.test:" + echo.port())) {
                        // every tunnel is open at once before any data moves
                        allOpen.countDown();
                        allOpen.await(60, TimeUnit.SECONDS);
                        Socket s = t.socket();
                        Thread writer = Thread.ofVirtual().start(() -> {
                            try {
                                s.getOutputStream().write(sent);
                                s.shutdownOutput();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        InputStream in = s.getInputStream();
                        byte[] received = in.readAllBytes();
                        writer.join();
                        return new byte[][]{sent, received};
                    }
                }));
            }
            for (Future<byte[][]> f : results) {
                byte[][] pair = f.get(120, TimeUnit.SECONDS);
                assertThat(pair[1]).isEqualTo(pair[0]);
            }
            long bytesUp = 0;
            for (int i = 0; i < TUNNELS; i++) {
                EgressEvent e = h.event();
                assertThat(e.failure()).isEmpty();
                bytesUp += e.bytesUp();
            }
            assertThat(bytesUp).isEqualTo((long) TUNNELS * BYTES);
            assertThat(h.proxy.summary()).singleElement()
                    .satisfies(s -> assertThat(s.connections()).isEqualTo(TUNNELS));
        }
    }
}
