package dev.airlock.runtime.docker;

import dev.airlock.AirlockException;
import dev.airlock.runtime.MountTable;
import dev.airlock.runtime.Sandbox;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sandbox's mount table as the kernel has it. Read from the host through {@code /proc/<pid>} of the
 * container's init when that process is visible here and is the container's (its cgroup names the container;
 * the folder handle pins the process, so a reused pid cannot answer); otherwise (a remote engine, another pid
 * namespace, gVisor) by an exec that reads {@code /proc/self/mountinfo} inside, which the kernel writes
 * whatever the sandbox did.
 */
final class MountTables {

    private static final Logger log = LoggerFactory.getLogger(MountTables.class);

    private final Containers containers;
    private final Execs execs;
    /** The host pid of each sandbox's init, once looked up. */
    private final Map<String, Long> pids = new ConcurrentHashMap<>();
    /** Sandboxes under another OCI runtime (gVisor): their init's host mount table is not the sandbox's. */
    private final Set<String> execOnly = ConcurrentHashMap.newKeySet();

    MountTables(Containers containers, Execs execs) {
        this.containers = containers;
        this.execs = execs;
    }

    /** A sandbox whose table only an exec inside can read (it runs under another OCI runtime). */
    void readByExecOnly(String id) {
        execOnly.add(id);
    }

    void forget(String id) {
        pids.remove(id);
        execOnly.remove(id);
    }

    MountTable of(Sandbox sandbox) {
        Optional<String> local = execOnly.contains(sandbox.id()) ? Optional.empty() : readLocally(sandbox);
        return MountTable.parse(local.orElseGet(() -> readByExec(sandbox)));
    }

    private Optional<String> readLocally(Sandbox sandbox) {
        Long pid = pids.get(sandbox.id());
        if (pid == null) {
            Optional<Long> found = containers.initPid(sandbox.id());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            pid = found.get();
            pids.put(sandbox.id(), pid);
        }
        try (var stream = java.nio.file.Files.newDirectoryStream(Path.of("/proc", pid.toString()))) {
            if (!(stream instanceof SecureDirectoryStream<Path> proc)) {
                return Optional.empty();
            }
            if (!read(proc, "cgroup").contains(sandbox.id())) {
                pids.remove(sandbox.id());
                return Optional.empty();
            }
            return Optional.of(read(proc, "mountinfo"));
        } catch (IOException e) {
            log.debug("cannot read the mount table of {} from the host: {}", sandbox.shortId(), e.toString());
            return Optional.empty();
        }
    }

    private static String read(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try (var channel = dir.newByteChannel(Path.of(name), Set.of(java.nio.file.StandardOpenOption.READ));
             var in = java.nio.channels.Channels.newInputStream(channel)) {
            // one char per byte: MountTable decodes the kernel's escapes and then the names' UTF-8
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    String readByExec(Sandbox sandbox) {
        try {
            return execs.capture(sandbox, 4L << 20, InSandbox.mountInfo(sandbox));
        } catch (IOException e) {
            throw AirlockException.failure("could not read the sandbox's mount table: " + e.getMessage(),
                    "run airlock doctor to check the engine");
        }
    }
}
