package dev.airlock.egress.bench;

import dev.airlock.egress.AllowlistGate;
import dev.airlock.egress.EgressProxy;
import dev.airlock.egress.Pin;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the egress proxy against direct connections over loopback, in one run: bulk throughput both ways,
 * the time to first byte it adds (CONNECT tunnel and plain HTTP), and a thousand idle tunnels held at once.
 * Prints a markdown table. Options: {@code --bulk-mib N} (512), {@code --runs N} (5), {@code --samples N} (2000),
 * {@code --idle N} (1000).
 */
public final class EgressBench {

    private EgressBench() {
    }

    public static void main(String[] args) throws Exception {
        long bulk = option(args, "--bulk-mib", 512) << 20;
        int runs = (int) option(args, "--runs", 5);
        int samples = (int) option(args, "--samples", 2000);
        int idle = (int) option(args, "--idle", 1000);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (LoopbackServers servers = new LoopbackServers(bulk)) {
            int sink = LoopbackServers.port(servers.sink);
            int source = LoopbackServers.port(servers.source);
            int echo = LoopbackServers.port(servers.echo);
            int http = LoopbackServers.port(servers.http);
            List<String> names = List.of("sink.test", "source.test", "echo.test", "web.test");
            List<String> allow = List.of("sink.test:" + sink, "source.test:" + source, "echo.test:" + echo,
                    "web.test:" + http);
            try (EgressProxy proxy = EgressProxy.builder(new AllowlistGate(allow)).loopbackPort(0)
                    .pins(names.stream().map(n -> new Pin(n, loopback)).toList()).start()) {
                Optional<Integer> via = Optional.of(proxy.loopbackAddress().orElseThrow().getPort());
                Optional<Integer> direct = Optional.empty();

                // warm-up: let the JIT compile both paths before anything counts
                for (int i = 0; i < 2; i++) {
                    Bench.upload(sink, direct, bulk / 4);
                    Bench.upload(sink, via, bulk / 4);
                }
                for (int i = 0; i < 500; i++) {
                    Bench.tunnelFirstByte(echo, direct);
                    Bench.tunnelFirstByte(echo, via);
                    Bench.httpFirstByte(http, direct);
                    Bench.httpFirstByte(http, via);
                }

                double[][] up = new double[3][runs];
                double[][] down = new double[3][runs];
                try (PlainRelay sinkRelay = new PlainRelay(sink); PlainRelay sourceRelay = new PlainRelay(source)) {
                    for (int i = 0; i < runs; i++) {
                        up[0][i] = Bench.upload(sink, direct, bulk);
                        up[1][i] = Bench.upload(sink, via, bulk);
                        up[2][i] = Bench.upload(sinkRelay.port(), direct, bulk);
                        down[0][i] = Bench.download(source, direct, bulk);
                        down[1][i] = Bench.download(source, via, bulk);
                        down[2][i] = Bench.download(sourceRelay.port(), direct, bulk);
                    }
                }
                long[][] tunnel = new long[2][samples];
                long[][] plain = new long[2][samples];
                for (int i = 0; i < samples; i++) {
                    tunnel[0][i] = Bench.tunnelFirstByte(echo, direct);
                    tunnel[1][i] = Bench.tunnelFirstByte(echo, via);
                    plain[0][i] = Bench.httpFirstByte(http, direct);
                    plain[1][i] = Bench.httpFirstByte(http, via);
                }
                Idle held = holdIdle(proxy, echo, via, idle);

                System.out.printf("Egress proxy benchmark: loopback, %d cores, Java %s, %d x %d MiB bulk, %d samples%n%n",
                        Runtime.getRuntime().availableProcessors(), Runtime.version(), runs, bulk >> 20, samples);
                System.out.println("| measure | direct | through the proxy | result | target |");
                System.out.println("|---|---|---|---|---|");
                throughput("bulk upload (MiB/s, median)", up);
                throughput("bulk download (MiB/s, median)", down);
                firstByte("time to first byte, CONNECT tunnel (µs: median / p99)", tunnel);
                firstByte("time to first byte, plain HTTP (µs: median / p99)", plain);
                System.out.printf("| idle tunnels held at once | - | %d of %d open, %d errors; %d proxy channels; "
                                + "%.1f MiB direct buffers | opened in %.0f ms | %d, no errors |%n",
                        held.working, idle, held.errors, held.channels, held.directMiB, held.openMillis, idle);
            }
        }
    }

    private record Idle(int working, int errors, int channels, double directMiB, double openMillis) {
    }

    /** Opens {@code count} tunnels at once, leaves them idle, then checks that every one still carries a byte. */
    private static Idle holdIdle(EgressProxy proxy, int echo, Optional<Integer> via, int count) throws Exception {
        AtomicInteger errors = new AtomicInteger();
        List<SocketChannel> open = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SocketChannel>> opening = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                opening.add(clients.submit(() -> Bench.open(echo, via, "echo.test")));
            }
            for (Future<SocketChannel> f : opening) {
                try {
                    open.add(f.get());
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            }
        }
        double openMillis = (System.nanoTime() - start) / 1e6;
        Thread.sleep(2000);
        int channels = proxy.openChannels();
        double direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum() / 1048576.0;
        int working = 0;
        for (SocketChannel c : open) {
            try (c) {
                c.write(ByteBuffer.wrap(new byte[]{7}));
                if (c.read(ByteBuffer.allocate(1)) == 1) {
                    working++;
                } else {
                    errors.incrementAndGet();
                }
            } catch (Exception e) {
                errors.incrementAndGet();
            }
        }
        return new Idle(working, errors.get(), channels, direct, openMillis);
    }

    private static void throughput(String what, double[][] runs) {
        double direct = median(runs[0]) / 1048576;
        double proxied = median(runs[1]) / 1048576;
        double relay = median(runs[2]) / 1048576;
        System.out.printf("| %s | %.0f | %.0f | %.1f %% of direct (a bare relay: %.0f, %.1f %%) | >= 95 %% |%n", what,
                direct, proxied, 100 * proxied / direct, relay, 100 * relay / direct);
    }

    private static void firstByte(String what, long[][] samples) {
        long[] direct = samples[0].clone();
        long[] proxied = samples[1].clone();
        Arrays.sort(direct);
        Arrays.sort(proxied);
        double added = (proxied[proxied.length / 2] - direct[direct.length / 2]) / 1000.0;
        System.out.printf("| %s | %.0f / %.0f | %.0f / %.0f | +%.0f µs at the median | < 2000 µs |%n", what,
                direct[direct.length / 2] / 1000.0, direct[direct.length * 99 / 100] / 1000.0,
                proxied[proxied.length / 2] / 1000.0, proxied[proxied.length * 99 / 100] / 1000.0, added);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long option(String[] args, String name, long fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1]);
            }
        }
        return fallback;
    }
}
