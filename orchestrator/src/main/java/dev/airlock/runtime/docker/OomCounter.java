package dev.airlock.runtime.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A container's OOM-kill count read from the host's cgroup files (no exec in the container), where the engine
 * runs on this host with a usual cgroup layout; empty otherwise, and the caller asks inside the container.
 */
final class OomCounter {

    private OomCounter() {
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
