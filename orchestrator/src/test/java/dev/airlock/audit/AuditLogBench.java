package dev.airlock.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What one audit line costs, written only or synced to disk, from one thread and from eight: prints a markdown
 * table. Not a test; {@code scripts/bench} runs it as {@code java -cp ... dev.airlock.audit.AuditLogBench [events]}.
 */
public final class AuditLogBench {

    private AuditLogBench() {
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 400, System.out);
    }

    static void run(int events, PrintStream out) throws IOException, InterruptedException, ExecutionException {
        Path dir = Files.createTempDirectory("airlock-audit-bench");
        Events sample = new Events();
        AuditEvent event = sample.rmRecursive("c-1", "0123456789ab");
        out.printf("Audit log appends of a command event (%d bytes as JSON)%n%n",
                dev.airlock.json.JsonMappers.LINES.writerFor(AuditEvent.class).writeValueAsBytes(event).length + 1);
        out.println("| durability | threads | events | µs per event |");
        out.println("|---|---:|---:|---:|");
        try {
            // warm up serialisation and the write path, so the first row does not pay for the JIT
            try (AuditLog warm = AuditLog.open(dir.resolve("warm-up.jsonl"), AuditLog.Durability.WRITTEN)) {
                for (int i = 0; i < 2000; i++) {
                    warm.append(event);
                }
            }
            for (AuditLog.Durability durability : AuditLog.Durability.values()) {
                for (int threads : new int[] {1, 8}) {
                    Path file = dir.resolve(durability + "-" + threads + ".jsonl");
                    long start;
                    try (AuditLog log = AuditLog.open(file, durability);
                         var pool = Executors.newFixedThreadPool(threads)) {
                        log.append(event);
                        start = System.nanoTime();
                        List<Future<?>> done = new ArrayList<>();
                        for (int t = 0; t < threads; t++) {
                            done.add(pool.submit(() -> {
                                for (int i = 0; i < events / threads; i++) {
                                    log.append(event);
                                }
                            }));
                        }
                        for (Future<?> f : done) {
                            f.get();
                        }
                    }
                    double micros = (System.nanoTime() - start) / 1e3 / (events / threads * threads);
                    out.printf("| %s | %d | %d | %.0f |%n", durability.name().toLowerCase(), threads,
                            events / threads * threads, micros);
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
