package dev.airlock.runtime.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How many of a sandbox's live processes are a command's (not its idle init and {@code cat}, which run as a
 * uid of their own). Uids are compared with the init's as the same observer sees them, so a user namespace
 * (rootless engines) cannot make commands' processes look idle.
 */
@FunctionalInterface
interface Census {

    int commandProcesses();

    /**
     * The container's pids cgroup folder on this host (cgroup v1 or v2), when the engine runs here: found
     * from its init's {@code /proc/PID/cgroup}, and only if that names the container and lists the init.
     */
    static Optional<Path> cgroupOf(String containerId, long initPid) {
        if (initPid <= 0) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(initPid), "cgroup"))) {
                String[] parts = line.split(":", 3);
                if (parts.length < 3 || !parts[2].contains(containerId)) {
                    continue;
                }
                Path dir = parts[1].equals("pids") ? Path.of("/sys/fs/cgroup/pids" + parts[2])
                        : parts[0].equals("0") && parts[1].isEmpty() ? Path.of("/sys/fs/cgroup" + parts[2]) : null;
                if (dir != null && pids(dir).contains(initPid)) {
                    return Optional.of(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not this host's process (a remote engine, another pid namespace): the engine's top it is
        }
        return Optional.empty();
    }

    /** Live processes in the cgroup (and any below it) whose real uid is not the init's. */
    static int count(Path cgroup, long initPid) {
        Optional<String[]> init = status(initPid);
        if (init.isEmpty()) {
            throw new dev.airlock.AirlockException(dev.airlock.AirlockException.Kind.FAILURE, "the sandbox's idle process is gone", "");
        }
        String idleUid = init.get()[0];
        int count = 0;
        for (long pid : pids(cgroup)) {
            Optional<String[]> st = status(pid);
            if (st.isPresent() && !st.get()[0].equals(idleUid) && !st.get()[1].startsWith("Z")) {
                count++;
            }
        }
        return count;
    }

    private static List<Long> pids(Path cgroup) {
        try (Stream<Path> files = Files.walk(cgroup)) {
            return files.filter(p -> p.getFileName().toString().equals("cgroup.procs")
                            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .flatMap(p -> {
                        try {
                            return Files.readAllLines(p).stream();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.trim())).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A process's real uid and state letter, or empty when it is gone. */
    private static Optional<String[]> status(long pid) {
        try {
            String uid = null;
            String state = null;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("Uid:")) {
                    uid = line.substring(4).trim().split("\\s+")[0];
                } else if (line.startsWith("State:")) {
                    state = line.substring(6).trim();
                }
            }
            return uid == null || state == null ? Optional.empty() : Optional.of(new String[]{uid, state});
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // ESRCH while reading: it exited under us
            return Optional.empty();
        }
    }
}
