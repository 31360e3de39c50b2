package dev.airlock.guard;

import dev.airlock.scope.PathPatterns;
import dev.airlock.scope.Watched;
import dev.airlock.scope.WorkspaceScan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import dev.airlock.testing.Medians;

/**
 * What the post-command guard costs on a workspace of many small files: the walk before the command with and
 * without the fingerprint, and the guard's own walk and comparison after it, clean and with things to undo.
 * Prints a markdown table. Not a test; {@code scripts/bench guard} runs it as
 * {@code java -cp ... dev.airlock.guard.GuardBench [files] [rounds]}.
 */
public final class GuardBench {

    static final List<String> MASKS = List.of(".env", ".env.*", "*.pem", "*.key", ".ssh/", ".aws/");
    static final List<String> PROTECTS = List.of(".git/hooks", ".git/config", ".git/HEAD", ".git/info/", ".git/commondir",
            ".git/objects/info/alternates", ".git/modules/**/config", ".git/modules/**/hooks", ".airlock/");
    static final List<String> TOOLS = List.of(".claude/", ".codex/", ".mcp.json", ".vscode/", ".envrc", ".idea/", ".cursor/",
            ".gemini/", ".continue/", ".husky/", ".devcontainer/", ".pre-commit-config.yaml");

    private GuardBench() {
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 10_000, args.length > 1 ? Integer.parseInt(args[1]) : 15, System.out);
    }

    static void run(int files, int rounds, PrintStream out) throws IOException {
        Path ws = Files.createTempDirectory("airlock-guard-bench");
        for (int i = 0; i < files; i++) {
            Path f = ws.resolve("src/d" + (i % 100) + "/f" + i + ".txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "file " + i + "\n");
        }
        Files.createDirectories(ws.resolve(".git/hooks"));
        Files.createDirectories(ws.resolve(".git/objects/info"));
        Files.writeString(ws.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(ws.resolve(".git/config"), "[core]\n\trepositoryformatversion = 0\n");
        Files.createDirectories(ws.resolve(".vscode"));
        Files.writeString(ws.resolve(".vscode/settings.json"), "{}");
        List<String> all = new ArrayList<>(PROTECTS);
        all.addAll(TOOLS);
        PathPatterns tools = PathPatterns.of(TOOLS);

        // the two scans alternate, so that load from elsewhere on the machine falls on both alike
        double[] pair = alternating(rounds, () -> WorkspaceScan.of(ws, MASKS, all),
                () -> WorkspaceScan.of(ws, MASKS, all, List.of(".git"), TOOLS));
        double plain = pair[0];
        double watching = pair[1];
        Watched before = WorkspaceScan.of(ws, MASKS, all, List.of(".git"), TOOLS).watched();
        double clean = Medians.millis(rounds, () -> HostGuard.enforce(ws, before, tools, Set.of(), List.of()));
        double planted = Medians.millis(rounds, () -> {
            try {
                Files.writeString(ws.resolve(".git/config"), "[core]\n\tfsmonitor = x\n");
                Files.writeString(ws.resolve(".git/hooks/pre-commit"), "#!/bin/sh\n");
                Files.createDirectories(ws.resolve(".claude"));
                Files.writeString(ws.resolve(".claude/settings.json"), "{}");
                Files.writeString(ws.resolve(".envrc"), "x");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            List<Finding> found = HostGuard.enforce(ws, before, tools, Set.of(), List.of());
            if (found.size() != 4) {
                throw new IllegalStateException("expected 4 findings, got " + found);
            }
            return found;
        });

        out.printf("Post-command guard on %,d small files in 100 folders, a repository and a .vscode/ folder (median of %d)%n%n",
                files, rounds);
        out.println("| operation | ms |");
        out.println("|---|---:|");
        out.printf("| scan before the command, as before this change (masks, protected paths) | %.1f |%n", plain);
        out.printf("| scan before the command, with pins and the fingerprint of git config, hooks and host-tool files | %.1f |%n", watching);
        out.printf("| guard after the command: walk again and compare, nothing to undo | %.1f |%n", clean);
        out.printf("| guard after the command: 4 things planted, found and undone (includes planting them) | %.1f |%n", planted);
        out.println();
        out.printf("Added per command in a writable profile: the guard's walk, %.0f ms here, and the fingerprint's share of the "
                + "scan, %+.0f ms (within this machine's noise when it is near zero or below).%n", clean, watching - plain);
    }

    private static double[] alternating(int rounds, Supplier<?> a, Supplier<?> b) {
        double[] as = new double[rounds];
        double[] bs = new double[rounds];
        for (int i = 0; i < 3; i++) {
            a.get();
            b.get();
        }
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            a.get();
            as[i] = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            b.get();
            bs[i] = (System.nanoTime() - t) / 1e6;
        }
        java.util.Arrays.sort(as);
        java.util.Arrays.sort(bs);
        return new double[] {as[rounds / 2], bs[rounds / 2]};
    }
}
