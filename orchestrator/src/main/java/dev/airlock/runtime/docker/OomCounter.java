package dev.airlock.runtime.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import dev.airlock.runtime.Sandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a command had a process killed for memory: the memory cgroup's OOM-kill counter went up since the
 * last command looked (the engine reports OOM only for a container's own init, and a SIGKILL alone is no
 * proof). Read from the host's cgroup files where the engine runs on this host with a usual layout, else by a
 * short exec inside.
 */
final class OomCounter {

    private static final Logger log = LoggerFactory.getLogger(OomCounter.class);
    /** The counter, cgroup v2 or v1, read inside. */
    private static final String OOM_SCRIPT =
            "cat /sys/fs/cgroup/memory.events /sys/fs/cgroup/memory/memory.oom_control 2>/dev/null | sed -n 's/^oom_kill //p' | head -n 1";

    private final Execs execs;
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    OomCounter(Execs execs) {
        this.execs = execs;
    }

    /** Whether the count went up since the last look; false when it cannot be read. */
    boolean rose(Sandbox sandbox) {
        Optional<Long> now = onHost(sandbox.id());
        if (now.isEmpty()) {
            try {
                now = Optional.of(Long.parseLong(execs.capture(sandbox, 1024, InSandbox.oomCount(sandbox, OOM_SCRIPT)).trim()));
            } catch (IOException | RuntimeException e) {
                log.debug("could not read the OOM counter of {}: {}", sandbox.shortId(), e.toString());
                return false;
            }
        }
        Long before = counts.put(sandbox.id(), now.get());
        return now.get() > (before == null ? 0 : before);
    }

    void forget(String id) {
        counts.remove(id);
    }

    static Optional<Long> onHost(String containerId) {
        if (!containerId.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        // cgroup v1 (cgroupfs, systemd), then v2 (cgroupfs, systemd)
        for (String file : List.of("/sys/fs/cgroup/memory/docker/" + containerId + "/memory.oom_control",
                "/sys/fs/cgroup/memory/system.slice/docker-" + containerId + ".scope/memory.oom_control",
                "/sys/fs/cgroup/docker/" + containerId + "/memory.events",
                "/sys/fs/cgroup/system.slice/docker-" + containerId + ".scope/memory.events")) {
            try {
                for (String line : Files.readAllLines(Path.of(file), StandardCharsets.US_ASCII)) {
                    if (line.startsWith("oom_kill ")) {
                        return Optional.of(Long.parseLong(line.substring("oom_kill ".length()).trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // not this layout
            }
        }
        return Optional.empty();
    }
}
