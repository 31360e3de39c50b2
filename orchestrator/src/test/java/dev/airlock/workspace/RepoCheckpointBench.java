package dev.airlock.workspace;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What storing the user's {@code .git} and the byte budget cost: a repository of about 10,000 objects (loose,
 * then packed by gc) against the same files without {@code .git} (what a checkpoint stored before), and a
 * sparse file with and without the budget. Prints markdown; not a test. Run as
 * {@code java -cp <test-classes>:<classes>:<deps> dev.airlock.workspace.RepoCheckpointBench [files] [rounds]}.
 */
public final class RepoCheckpointBench {

    private RepoCheckpointBench() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 3300;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        run(files, rounds, System.out);
    }

    static void run(int files, int rounds, PrintStream out) throws Exception {
        Path temp = Files.createTempDirectory("airlock-bench-repo");
        try {
            Path ws = Files.createDirectory(temp.resolve("ws"));
            Trees.run(ws, "git", "init", "-q", "-b", "main", ".");
            for (int commit = 0; commit < 3; commit++) {
                for (int i = 0; i < files; i++) {
                    Trees.write(ws, "d" + (i / 100) + "/f" + i + ".txt", "file " + i + " version " + commit + "\n");
                }
                git(ws, "add", "-A");
                git(ws, "commit", "-q", "-m", "commit " + commit);
            }
            long objects = Trees.run(ws, "git", "count-objects", "-v").lines().filter(l -> l.startsWith("count:"))
                    .mapToLong(l -> Long.parseLong(l.substring(6).strip())).sum();
            List<String[]> rows = new ArrayList<>();
            Path plain = Files.createDirectory(temp.resolve("plain"));
            Trees.run(temp, "cp", "-a", "ws/.", "plain/");
            Trees.run(plain, "rm", "-rf", ".git");

            measure(rows, "files only, no .git (as before)", plain, temp.resolve("s0"), rounds, false);
            measure(rows, "with .git, " + objects + " loose objects", ws, temp.resolve("s1"), rounds, true);
            git(ws, "gc", "-q");
            measure(rows, "with .git packed by gc", ws, temp.resolve("s2"), rounds, true);

            Checkpoints store = Checkpoints.open(ws, temp.resolve("s2"), List.of());
            Checkpoint before = store.take("before the sandbox");
            Trees.run(ws, "rm", "-rf", ".git/objects", ".git/refs", ".git/HEAD");
            long t = System.nanoTime();
            store.rollback(before);
            rows.add(new String[] {"with .git packed by gc", "rollback after rm -rf .git/objects .git/refs .git/HEAD", ms(t)});

            Path sparse = Files.createDirectory(temp.resolve("sparse"));
            Trees.write(sparse, "a.txt", "a\n");
            Checkpoints budgeted = Checkpoints.open(sparse, temp.resolve("s3"), List.of());
            budgeted.take("first");
            sparse(sparse.resolve("big"), 8L << 30);
            t = System.nanoTime();
            budgeted.take("with an 8 GiB sparse file");
            rows.add(new String[] {"an 8 GiB sparse file, default budget", "take (the file is left out)", ms(t)});
            Files.delete(sparse.resolve("big"));
            Checkpoints unbounded = Checkpoints.open(sparse, temp.resolve("s4"),
                    new Checkpoints.Options(List.of(), List.of(), new Budget(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4)));
            unbounded.take("first");
            sparse(sparse.resolve("big"), 1L << 30);
            t = System.nanoTime();
            unbounded.take("with a 1 GiB sparse file");
            rows.add(new String[] {"a 1 GiB sparse file, no budget (as before)", "take (git reads and compresses it)", ms(t)});

            out.printf("Checkpoints of a repository: %,d files in each of 3 commits, %,d objects (Linux amd64)%n%n", files, objects);
            out.println("| workspace | operation | ms |");
            out.println("|---|---|---:|");
            rows.forEach(r -> out.println("| " + String.join(" | ", r) + " |"));
        } finally {
            try (Stream<Path> all = Files.walk(temp)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(List<String[]> rows, String what, Path ws, Path storeDir, int rounds, boolean commit) throws Exception {
        Checkpoints checkpoints = Checkpoints.open(ws, storeDir, List.of());
        long t = System.nanoTime();
        checkpoints.take("first");
        rows.add(new String[] {what, "take: first checkpoint", ms(t)});
        double[] unchanged = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            t = System.nanoTime();
            checkpoints.take("unchanged " + r);
            unchanged[r] = (System.nanoTime() - t) / 1e6;
        }
        rows.add(new String[] {what, "take: nothing changed (median of " + rounds + ")", median(unchanged)});
        double[] changed = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Trees.write(ws, "d0/f0.txt", "round " + r + "\n");
            if (commit) {
                git(ws, "commit", "-q", "-a", "-m", "round " + r);
            }
            t = System.nanoTime();
            checkpoints.take("changed " + r);
            changed[r] = (System.nanoTime() - t) / 1e6;
        }
        rows.add(new String[] {what, "take: after one file changed" + (commit ? " and committed" : "") + " (median of " + rounds + ")",
                median(changed)});
    }

    private static void git(Path ws, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=b", "-c", "user.email=b@b.invalid", "-c", "gc.auto=0"));
        argv.addAll(List.of(args));
        Trees.run(ws, argv.toArray(String[]::new));
    }

    private static void sparse(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    private static String ms(long startNanos) {
        return String.format("%.0f", (System.nanoTime() - startNanos) / 1e6);
    }

    private static String median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format("%.0f", sorted[sorted.length / 2]);
    }
}
