package dev.airlock.session;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A workspace's tool caches on the host ({@code <state>/caches/<workspace>/}): created empty by Airlock and
 * owned by the sandbox's user, so they never hold anything of the host's own caches or credentials. Lock files
 * that a killed command left are cleared when no sandbox of the workspace runs, so they never block a build.
 */
final class Caches {

    /** Lock files of package managers and build tools, by path inside a cache folder. */
    private static final Pattern STALE_LOCK = Pattern.compile(
            "(.*/)?(_locks/.*|\\.package-cache|\\.package-cache-mutate|.*\\.lock|.*\\.lck|\\.locks/.*|LOCK)");

    private Caches() {
    }

    /** The host folder for each cache folder of the profile, created when missing. */
    static Map<String, Path> folders(StateDir state, Workspace workspace, List<String> caches, Identity owner) {
        Map<String, Path> out = new LinkedHashMap<>();
        if (caches.isEmpty()) {
            return out;
        }
        Path root = state.cachesOf(workspace);
        try {
            Path marker = root.resolve(".workspace");
            if (!Files.isRegularFile(marker)) {
                Files.createDirectories(root);
                Files.writeString(marker, workspace.root().toString());
            }
            for (String inside : caches) {
                Path host = root.resolve(inside.substring(inside.lastIndexOf('/') + 1).replaceFirst("^\\.", "dot-"));
                if (!Files.isDirectory(host)) {
                    Files.createDirectories(host);
                    chown(host, owner);
                }
                out.put(inside, host);
            }
        } catch (IOException e) {
            throw AirlockException.failure("cannot prepare the tool caches under " + root + ": " + e.getMessage(),
                    "set AIRLOCK_STATE_DIR to a folder you can write, or remove \"caches\" from the profile");
        }
        return out;
    }

    private static final Map<String, java.time.Instant> LAST_CHECK = new java.util.concurrent.ConcurrentHashMap<>();

    /** Seconds between two looks for stale locks of a workspace; {@code AIRLOCK_LOCK_CHECK_SECONDS} (tests) may shorten it. */
    private static final long LOCK_CHECK_SECONDS = lockCheckSeconds(System.getenv("AIRLOCK_LOCK_CHECK_SECONDS"));

    static long lockCheckSeconds(String value) {
        try {
            return value == null ? 60 : Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 60;
        }
    }

    /** Whether to look for stale locks now: once a minute per workspace is enough, and keeps the engine off the hot path. */
    static boolean dueForLockCheck(Workspace workspace) {
        java.time.Instant now = java.time.Instant.now();
        boolean[] due = {false};
        LAST_CHECK.compute(workspace.key(), (k, last) -> {
            due[0] = last == null || !last.plusSeconds(LOCK_CHECK_SECONDS).isAfter(now);
            return due[0] ? now : last;
        });
        return due[0];
    }

    /**
     * Whether a command of the workspace may be running in one of these sandboxes: a pooled one waiting to be
     * taken runs nothing (it names no session until a lease records one), so it holds no lock.
     */
    static boolean anyRuns(List<dev.airlock.runtime.Sandbox> sandboxes, Map<String, String> leases) {
        return sandboxes.stream().anyMatch(s -> !s.labels().containsKey(dev.airlock.runtime.Labels.POOLED) || leases.containsKey(s.id()));
    }

    /** Deletes lock files left in the caches; call only when no sandbox of the workspace runs. Returns how many. */
    static int clearStaleLocks(Map<String, Path> folders) {
        int[] removed = {0};
        for (Path folder : folders.values()) {
            try {
                Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        String rel = folder.relativize(file).toString();
                        if (attrs.isRegularFile() && STALE_LOCK.matcher(rel).matches()) {
                            Files.deleteIfExists(file);
                            removed[0]++;
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // a cache that cannot be walked keeps its locks; the tool will say what blocks it
            }
        }
        return removed[0];
    }

    private static void chown(Path dir, Identity owner) throws IOException {
        long me = new com.sun.security.auth.module.UnixSystem().getUid();
        if (me == 0 && owner.uid() != 0) {
            Files.setAttribute(dir, "unix:uid", owner.uid());
            Files.setAttribute(dir, "unix:gid", owner.gid());
        }
    }
}
