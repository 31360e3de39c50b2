package dev.airlock.scope;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import dev.airlock.testing.Medians;

/**
 * What it costs to trust a scan only when no rename disturbed it: on a tree with many folders (as
 * {@code node_modules} is), the scan with its stamps, the stamps alone (every folder read twice more), and a bare
 * walk of the same tree that does nothing at each entry, the peer. Not a test; {@code scripts/bench scan} runs it
 * as {@code java -cp ... dev.airlock.scope.ScanBench [files] [folders] [rounds]}.
 */
public final class ScanBench {

    static final List<String> MASKS = List.of(".env", ".env.*", "*.pem", "*.key", ".ssh/", ".aws/");

    private ScanBench() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int folders = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        run(files, folders, rounds, System.out);
    }

    static void run(int files, int folders, int rounds, PrintStream out) throws IOException {
        Path ws = Files.createTempDirectory("airlock-scan-bench");
        for (int i = 0; i < files; i++) {
            Path f = ws.resolve("node_modules/p" + (i % folders / 10) + "/d" + (i % folders) + "/f" + i + ".js");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "module.exports = " + i + ";\n");
        }
        Files.writeString(ws.resolve(".env"), "TOKEN=x\n");
        List<Path> dirs;
        try (var all = Files.walk(ws)) {
            dirs = all.filter(Files::isDirectory).toList();
        }
        double bare = Medians.millis(rounds, () -> bareWalk(ws));
        double scan = Medians.millis(rounds, () -> WorkspaceScan.of(ws, MASKS, List.of()));
        double stamps = Medians.millis(rounds, () -> {
            Stamps s = new Stamps();
            dirs.forEach(d -> s.stamp(d, ws.relativize(d).toString()));
            return s.firstChanged();
        });
        out.printf("A tree of %,d files in %,d folders (median of %d)%n%n", files, dirs.size(), rounds);
        out.println("| operation | ms | vs a bare walk |");
        out.println("|---|---:|---:|");
        out.printf("| bare `Files.walkFileTree`, nothing done per entry (the peer) | %.1f | 1.00x |%n", bare);
        out.printf("| scan before a command (masks, content, stamps) | %.1f | %.2fx |%n", scan, scan / bare);
        out.printf("| of which the stamps: each folder's inode and change time, read before its entries and again at the end | %.1f | %.2fx |%n",
                stamps, stamps / bare);
        out.println();
        out.printf("The stamps are %.0f %% of the scan here; a scan a rename disturbed is walked again, so that cost "
                + "is paid again only while another command of the workspace is changing it.%n", 100 * stamps / scan);
    }

    private static Object bareWalk(Path ws) {
        try {
            return Files.walkFileTree(ws, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
