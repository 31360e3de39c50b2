package dev.airlock.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What every kill test (issue 18 item 1) checks once Airlock was killed at a random moment: the checkpoint
 * stores pass {@code git fsck}, every audit line parses (a last line the kill cut is tolerated and counted), and
 * the workspace is as before or as after an operation that must not be half done. Shared by the in-process
 * {@code CrashIT} and the server's {@code ServerCrashIT}.
 */
public final class Crashes {

    private Crashes() {
    }

    /** The workspace the kill tests rewrite: {@code files} small files, each {@code before N}, and no marker. */
    public static void resetWorkspace(Path workspace, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Files.writeString(workspace.resolve("f" + i + ".txt"), "before " + i + "\n");
        }
        Files.deleteIfExists(workspace.resolve("marker"));
    }

    /** A command (hidden from the assessment) that rewrites every file, so a rollback has much to put back. */
    public static List<String> rewrite() {
        return Scripts.opaque("for f in f*.txt; do echo after > \"$f\"; done; echo done > marker");
    }

    /** How long the process takes when nothing kills it (it must succeed), in ms; its output goes to {@code out}. */
    public static long timed(ProcessBuilder builder, Path out) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the uninterrupted run ended").isTrue();
        assertThat(p.exitValue()).as(Files.readString(out)).isZero();
        return Math.max(1, (System.nanoTime() - start) / 1_000_000);
    }

    /** Every checkpoint store under the state folder passes {@code git fsck}. */
    public static void fsckStores(Path state, String trial) throws IOException, InterruptedException {
        Path workspaces = state.resolve("workspaces");
        if (!Files.isDirectory(workspaces)) {
            return;
        }
        try (Stream<Path> stores = Files.list(workspaces)) {
            for (Path store : stores.map(w -> w.resolve("checkpoints.git")).filter(Files::isDirectory).toList()) {
                Process fsck = new ProcessBuilder("git", "--git-dir=" + store, "fsck", "--no-progress")
                        .redirectErrorStream(true).start();
                String out = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(fsck.waitFor()).as("%s: git fsck of %s\n%s", trial, store, out).isZero();
            }
        }
    }

    /**
     * Every line of every audit log under the state folder parses, but a last one without its newline (the kill
     * cut its write); each such cut line is added to {@code cut} as {@code trial}.
     */
    public static void assertAuditParses(Path state, String trial, List<String> cut) throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (Path log : auditLogs(state)) {
            String[] lines = Files.readString(log).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                try {
                    json.readTree(lines[i]);
                } catch (IOException e) {
                    boolean last = i == lines.length - 1; // no newline after it: the write was cut
                    assertThat(last).as("%s: %s line %d does not parse: %s", trial, log, i + 1, lines[i]).isTrue();
                    cut.add(trial);
                }
            }
        }
    }

    /** The audit logs of every session of the state folder. */
    public static List<Path> auditLogs(Path state) {
        try (Stream<Path> all = Files.walk(state)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the audit logs that name {@code what} (a session id, an approval request id). */
    public static String auditNaming(Path state, String what) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path log : auditLogs(state)) {
            String text = Files.readString(log);
            if (text.contains(what)) {
                all.append(text);
            }
        }
        return all.toString();
    }

    /**
     * A killed rollback left the workspace {@code now} as it found it ({@code from}) or as it was to leave it
     * ({@code to}), never between; returns whether it was done (or finished after the kill).
     */
    public static boolean assertNotHalfRolledBack(Map<String, String> now, Map<String, String> from, Map<String, String> to,
                                                  String trial, String output) {
        if (now.equals(from)) {
            return false;
        }
        if (!now.equals(to)) {
            long differ = now.entrySet().stream().filter(e -> !e.getValue().equals(to.get(e.getKey()))).count();
            throw new AssertionError(trial + ": a killed rollback left " + differ + " of " + now.size()
                    + " paths not rolled back\n" + output);
        }
        return true;
    }

    /** A command killed midway may have done part of its own steps; Airlock adds and removes nothing of its own. */
    public static void assertOnlyTheCommandsOwn(Map<String, String> now, Map<String, String> before, String trial, String output) {
        Set<String> allowed = new HashSet<>(before.keySet());
        allowed.add("marker");
        assertThat(now.keySet()).as("%s\n%s", trial, output).isSubsetOf(allowed);
    }

    /** {@code a} then {@code b}, as one argument array. */
    public static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }
}
