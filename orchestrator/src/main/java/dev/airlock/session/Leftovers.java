package dev.airlock.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a crash leaves in the state folder: egress socket folders of runs that ended with their process, and
 * tool caches of workspaces that no longer exist. Containers are the runtime's to find (by their labels).
 */
public final class Leftovers {

    private Leftovers() {
    }

    /**
     * Removes socket folders not used by a live session and caches whose workspace is gone; returns what it
     * removed, for people.
     *
     * @param liveSessions sessions that have a container now (their socket folders stay)
     */
    public static List<String> clear(StateDir state, Set<String> liveSessions) {
        List<String> removed = new ArrayList<>();
        Path sessions = state.root().resolve("sessions");
        for (Path session : list(sessions)) {
            if (liveSessions.contains(session.getFileName().toString())) {
                continue;
            }
            for (Path dir : list(session)) {
                if (dir.getFileName().toString().startsWith("egress-") && readable(dir) && delete(dir)) {
                    removed.add("egress socket folder " + dir);
                }
            }
        }
        for (Path cache : list(state.root().resolve("caches"))) {
            Path marker = cache.resolve(".workspace");
            try {
                if (Files.isRegularFile(marker) && !Files.isDirectory(Path.of(Files.readString(marker).trim())) && delete(cache)) {
                    removed.add("tool caches of the removed workspace " + Files.readString(marker).trim());
                }
            } catch (IOException e) {
                // unreadable: left alone
            }
        }
        return removed;
    }

    /** A socket folder is not listable (so its sandbox cannot list it); its owner makes it so again to empty it. */
    private static boolean readable(Path dir) {
        try {
            if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean delete(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
