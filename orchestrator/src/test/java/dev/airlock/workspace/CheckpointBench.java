package dev.airlock.workspace;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What a checkpoint costs on a workspace of many small files: prints a markdown table. Not a test (no
 * assertions on time); {@code scripts/bench} runs it as
 * {@code java -cp <test-classes>:<classes>:<deps> dev.airlock.workspace.CheckpointBench [files] [rounds]}.
 */
public final class CheckpointBench {

    private CheckpointBench() {
    }

    public static void main(String[] args) throws IOException {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        run(files, rounds, System.out);
    }

    static void run(int files, int rounds, PrintStream out) throws IOException {
        Path temp = Files.createTempDirectory("airlock-bench");
        try {
            Path ws = Files.createDirectory(temp.resolve("ws"));
            Path store = temp.resolve("state/checkpoints.git");
            int perDir = 100;
            for (int i = 0; i < files; i++) {
                Trees.write(ws, "d" + (i / perDir) + "/f" + (i % perDir) + ".txt", "file " + i + " of the bench\n");
            }
            List<String[]> rows = new ArrayList<>();
            long start = System.nanoTime();
            Checkpoints checkpoints = Checkpoints.open(ws, store, List.of());
            rows.add(row("open (create the store)", millis(start), 1));

            Checkpoint first = timed(rows, "take: first checkpoint", 1, () -> checkpoints.take("first"));
            timed(rows, "take: second, nothing changed", 1, () -> checkpoints.take("second"));
            double[] unchanged = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long t = System.nanoTime();
                checkpoints.take("unchanged " + r);
                unchanged[r] = millis(t);
            }
            rows.add(row("take: nothing changed (median)", median(unchanged), rounds));
            double[] changed = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                for (int f = 0; f < 10; f++) {
                    Trees.write(ws, "d" + (f * 7 % (files / perDir)) + "/f" + f + ".txt", "round " + r + " file " + f + "\n");
                }
                long t = System.nanoTime();
                checkpoints.take("ten changed " + r);
                changed[r] = millis(t);
            }
            rows.add(row("take: after changing 10 files (median)", median(changed), rounds));
            Changes changes = timed(rows, "changes since the first, against now", 1, () -> checkpoints.changes(first));
            timed(rows, "unified diff since the first", 1, () -> checkpoints.unifiedDiff(first));
            timed(rows, "rollback to the first (with undo checkpoint and check)", 1, () -> checkpoints.rollback(first));
            long loose = size(store);
            long looseFiles = count(store);
            timed(rows, "compact (repack the store)", 1, () -> {
                checkpoints.compact();
                return null;
            });

            out.printf("Checkpoints of %,d small files in %d folders (%s; %d paths changed since the first)%n%n",
                    files, files / perDir, System.getProperty("os.name") + " " + System.getProperty("os.arch"), changes.size());
            out.println("| operation | ms | runs |");
            out.println("|---|---:|---:|");
            rows.forEach(r -> out.println("| " + String.join(" | ", r) + " |"));
            out.printf("%nStore: %,d files, %,d KiB before compact; %,d files, %,d KiB after (apparent sizes).%n",
                    looseFiles, loose / 1024, count(store), size(store) / 1024);
        } finally {
            try (Stream<Path> all = Files.walk(temp)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static <T> T timed(List<String[]> rows, String what, int runs, Supplier<T> body) {
        long start = System.nanoTime();
        T result = body.get();
        rows.add(row(what, millis(start), runs));
        return result;
    }

    private static String[] row(String what, double ms, int runs) {
        return new String[] {what, String.format("%.1f", ms), Integer.toString(runs)};
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
