package dev.airlock.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.airlock.AirlockException;
import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.EngineStatus;
import dev.airlock.runtime.ExecOutcome;
import dev.airlock.runtime.ExecSpec;
import dev.airlock.runtime.Network;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.runtime.Sandbox;
import dev.airlock.runtime.SandboxRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxes as Docker containers. A sandbox idles in {@code cat} reading a stdin that only this process
 * holds open: if Airlock dies, the engine closes that stdin, {@code cat} ends and the container removes
 * itself ({@code AutoRemove}). Commands run through the exec API as the container's user.
 */
public final class DockerRuntime implements SandboxRuntime {

    /** Labels every container carries: {@code dev.airlock=true} and the owning process. */
    public static final String LABEL = "dev.airlock";
    public static final String OWNER_LABEL = "dev.airlock.owner";

    private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(3);
    /** Stops every process of one exec first (so none reacts to another's death), then kills them. */
    private static final String KILL_SCRIPT = """
            tagged() {
              for p in /proc/[0-9]*; do
                if tr '\\0' '\\n' < "$p/environ" 2>/dev/null | grep -qx "AIRLOCK_EXEC=$1"; then echo "${p#/proc/}"; fi
              done
            }
            for round in 1 2 3; do pids=$(tagged "$1"); [ -n "$pids" ] && kill -STOP $pids 2>/dev/null; done
            for round in 1 2; do pids=$(tagged "$1"); [ -n "$pids" ] && kill -KILL $pids 2>/dev/null; done
            """;
    /** The memory cgroup's OOM-kill counter, cgroup v2 or v1; the engine only reports OOM for a container's own init. */
    /** An open network is IPv4 only: the firewall's rules are, so the container gets no IPv6 at all. */
    private static final Map<String, String> NO_IPV6 = Map.of("net.ipv6.conf.all.disable_ipv6", "1",
            "net.ipv6.conf.default.disable_ipv6", "1");
    private static final String OOM_SCRIPT =
            "cat /sys/fs/cgroup/memory.events /sys/fs/cgroup/memory/memory.oom_control 2>/dev/null | sed -n 's/^oom_kill //p' | head -n 1";

    private final DockerClient client;
    private final EngineSocket socket;
    private final URI host;
    private final String owner;
    private final Map<String, SocketChannel> live = new ConcurrentHashMap<>();
    private final Map<String, Long> oomCounts = new ConcurrentHashMap<>();
    /** The open network each live container has of its own, removed with it. */
    private final Map<String, String> networkOf = new ConcurrentHashMap<>();
    private final OpenNetworks networks;

    private DockerRuntime(DockerClient client, EngineSocket socket, URI host) {
        this.client = client;
        this.socket = socket;
        this.host = host;
        this.owner = ownerOf(ProcessHandle.current());
        this.networks = new OpenNetworks(client, Firewall.host());
    }

    /** Connects to the engine named by {@code DOCKER_HOST}, or the local unix socket. */
    public static DockerRuntime connect() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        URI host = config.getDockerHost();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(host)
                .sslConfig(config.getSSLConfig())
                .maxConnections(256)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return new DockerRuntime(DockerClientImpl.getInstance(config, http), EngineSocket.of(host), host);
    }

    @Override
    public EngineStatus status() {
        Version version = call(() -> client.versionCmd().exec());
        Info info = call(() -> client.infoCmd().exec());
        List<String> security = info.getSecurityOptions() == null ? List.of() : info.getSecurityOptions();
        Object cgroup = info.getRawValues().getOrDefault("CgroupVersion", "1");
        Object runtimes = info.getRawValues().get("Runtimes");
        List<String> runtimeNames = runtimes instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf).sorted().toList() : List.of();
        return new EngineStatus(version.getVersion(), version.getApiVersion(), info.getOperatingSystem(),
                info.getKernelVersion(), String.valueOf(cgroup), security, runtimeNames);
    }

    @Override
    public boolean imagePresent(String image) {
        try {
            call(() -> client.inspectImageCmd(image).exec());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public Sandbox start(ContainerSpec spec) {
        Map<String, String> labels = new HashMap<>(spec.labels());
        labels.put(LABEL, "true");
        labels.put(OWNER_LABEL, owner);
        HostConfig hostConfig = HostConfig.newHostConfig()
                .withMounts(spec.mounts().stream().map(m -> new com.github.dockerjava.api.model.Mount()
                        .withType(MountType.BIND)
                        .withSource(m.hostPath().toString())
                        .withTarget(m.containerPath())
                        .withReadOnly(m.readOnly())).toList())
                .withTmpFs(tmpfs(spec))
                .withReadonlyRootfs(true)
                .withCapDrop(Capability.ALL)
                .withCapAdd(spec.capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new))
                .withSecurityOpts(List.of("no-new-privileges", "seccomp=" + Seccomp.PROFILE))
                .withPrivileged(false)
                .withNetworkMode("none")
                .withIpcMode("private")
                .withCgroupnsMode("private")
                .withPidsLimit(spec.resources().pids())
                .withMemory(spec.resources().memoryBytes())
                .withMemorySwap(spec.resources().memoryBytes())
                .withNanoCPUs((long) (spec.resources().cpus() * 1e9))
                .withInit(true)
                .withAutoRemove(true);
        spec.ociRuntime().ifPresent(hostConfig::withRuntime);
        Optional<OpenNetworks.Made> network = openNetwork(spec, labels);
        network.ifPresent(n -> hostConfig.withNetworkMode(n.name()).withSysctls(NO_IPV6));
        CreateContainerResponse created;
        try {
            created = call(() -> client.createContainerCmd(spec.image())
                    .withUser(spec.user())
                    .withWorkingDir(spec.workdir())
                    .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList())
                    .withLabels(labels)
                    .withEntrypoint(List.of())
                    .withCmd(spec.init())
                    .withTty(false)
                    .withAttachStdin(true)
                    .withStdinOpen(true)
                    .withStdInOnce(true)
                    .withHostConfig(hostConfig)
                    .exec());
        } catch (NotFoundException e) {
            network.ifPresent(n -> networks.remove(n.name()));
            throw AirlockException.failure("the sandbox image " + spec.image() + " is not present in the engine",
                    "build it with scripts/build-images (Airlock never pulls images)");
        } catch (RuntimeException e) {
            network.ifPresent(n -> networks.remove(n.name()));
            throw e;
        }
        String id = created.getId();
        network.ifPresent(n -> networkOf.put(id, n.name()));
        try {
            // attach stdin before start, so the container cannot outlive this process even for a moment
            SocketChannel keepAlive = socket.upgrade("POST", "/containers/" + id + "/attach?stream=1&stdin=1", "");
            live.put(id, keepAlive);
            call(() -> client.startContainerCmd(id).exec());
        } catch (IOException | RuntimeException e) {
            remove(new Sandbox(id, labels));
            throw e instanceof AirlockException a ? a : AirlockException.failure(
                    "could not start the sandbox container: " + e.getMessage(), startHint(spec, e));
        }
        log.debug("started sandbox {} from {}", id, spec.image());
        return new Sandbox(id, labels);
    }

    @Override
    public ExecOutcome exec(Sandbox sandbox, ExecSpec exec, ProcessIO io) {
        long started = System.nanoTime();
        String tag = UUID.randomUUID().toString();
        List<String> env = new ArrayList<>();
        exec.env().forEach((k, v) -> env.add(k + "=" + v));
        env.add("AIRLOCK_EXEC=" + tag);
        List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "--"));
        argv.addAll(exec.argv());
        String execId = call(() -> client.execCreateCmd(sandbox.id())
                // through env, a missing program exits 127 and a non-executable one 126, as in a shell
                .withCmd(argv.toArray(String[]::new))
                .withEnv(env)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withAttachStdin(io.stdin().isPresent())
                .withTty(false)
                .exec()).getId();
        StreamDemux demux = new StreamDemux(io.stdout(), io.stderr(), exec.outputLimit());
        var timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        try (SocketChannel stream = socket.upgrade("POST", "/exec/" + execId + "/start", "{\"Detach\":false,\"Tty\":false}")) {
            Thread feeder = io.stdin().map(in -> Thread.ofVirtual().name("airlock-stdin").start(() -> feed(in, stream))).orElse(null);
            if (feeder == null) {
                stream.shutdownOutput();
            }
            Thread watchdog = Thread.ofVirtual().name("airlock-timeout").start(() -> {
                try {
                    Thread.sleep(exec.timeout());
                    timedOut.set(true);
                    kill(sandbox, tag, stream);
                } catch (InterruptedException ignored) {
                    // the command ended first
                }
            });
            try {
                demux.pump(stream);
            } finally {
                watchdog.interrupt();
            }
        } catch (IOException e) {
            if (e instanceof java.nio.channels.ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
                // cancelled: stop what the command started (the caller may keep the container), then say so
                Thread.interrupted();
                kill(sandbox, tag, null);
                Thread.currentThread().interrupt();
                throw new AirlockException(AirlockException.Kind.CANCELLED, "the command was cancelled and stopped", "");
            }
            if (!timedOut.get() && !live.containsKey(sandbox.id())) {
                throw AirlockException.failure("the sandbox was removed while the command ran", "");
            }
            if (!timedOut.get()) {
                throw AirlockException.failure("lost the command's output stream: " + e.getMessage(),
                        "check the engine is still running (airlock doctor)");
            }
        }
        int exit = exitCode(execId, timedOut.get());
        // a child killed for memory while the command itself carried on counts too: the exit status alone hides it
        boolean oom = !timedOut.get() && oomKilled(sandbox);
        return new ExecOutcome(exit, timedOut.get(), oom, demux.stdoutBytes(), demux.stderrBytes(),
                demux.truncated(), Duration.ofNanos(System.nanoTime() - started));
    }

    private static void feed(InputStream in, SocketChannel stream) {
        byte[] buffer = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                EngineSocket.writeFully(stream, ByteBuffer.wrap(buffer, 0, n));
            }
        } catch (IOException e) {
            log.debug("stdin forwarding ended: {}", e.toString());
        }
        try {
            stream.shutdownOutput();
        } catch (IOException ignored) {
            // the command is gone already
        }
    }

    /** Kills every process of one exec (they carry its tag in their environment), then, if need be, the stream. */
    private void kill(Sandbox sandbox, String tag, SocketChannel stream) {
        try {
            String killer = call(() -> client.execCreateCmd(sandbox.id())
                    .withCmd("/bin/sh", "-c", KILL_SCRIPT, "airlock-kill", tag)
                    .exec()).getId();
            call(() -> client.execStartCmd(killer).withDetach(true).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>()));
            if (stream != null) {
                Thread.sleep(KILL_GRACE);
            }
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException e) {
            log.debug("could not kill exec {}: {}", tag, e.toString());
        }
        // processes that scrubbed their environment are not found by the tag; cutting the stream still ends the wait
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    private int exitCode(String execId, boolean timedOut) {
        for (int attempt = 0; attempt < 200; attempt++) {
            InspectExecResponse inspect;
            try {
                inspect = call(() -> client.inspectExecCmd(execId).exec());
            } catch (NotFoundException e) {
                return timedOut ? 137 : 125; // the container is gone with its exec
            }
            if (!Boolean.TRUE.equals(inspect.isRunning()) && inspect.getExitCodeLong() != null) {
                return inspect.getExitCodeLong().intValue();
            }
            if (timedOut) {
                return 137;
            }
            // the stream ends a moment before the engine records the exit: look again soon, then less often
            sleep(Duration.ofNanos(attempt < 10 ? 250_000L << Math.min(attempt, 3) : 20_000_000L));
        }
        throw AirlockException.failure("the engine did not report the command's exit status", "check airlock doctor");
    }

    /** Whether the container's OOM-kill count went up since the last command looked (a SIGKILL alone is not proof). */
    private boolean oomKilled(Sandbox sandbox) {
        Optional<Long> onHost = OomCounter.onHost(sandbox.id());
        if (onHost.isPresent()) {
            Long before = oomCounts.put(sandbox.id(), onHost.get());
            return onHost.get() > (before == null ? 0 : before);
        }
        try {
            var out = new java.io.ByteArrayOutputStream();
            String execId = call(() -> client.execCreateCmd(sandbox.id()).withCmd("/bin/sh", "-c", OOM_SCRIPT)
                    .withAttachStdout(true).withAttachStderr(true).exec()).getId();
            try (SocketChannel stream = socket.upgrade("POST", "/exec/" + execId + "/start", "{\"Detach\":false,\"Tty\":false}")) {
                stream.shutdownOutput();
                new StreamDemux(out, java.io.OutputStream.nullOutputStream(), 1024).pump(stream);
            }
            long count = Long.parseLong(out.toString(java.nio.charset.StandardCharsets.US_ASCII).trim());
            Long before = oomCounts.put(sandbox.id(), count);
            return count > (before == null ? 0 : before);
        } catch (IOException | RuntimeException e) {
            log.debug("could not read the OOM counter of {}: {}", sandbox.shortId(), e.toString());
            return false;
        }
    }

    @Override
    public void remove(Sandbox sandbox) {
        // a cancelled command's thread is interrupted, and the HTTP client refuses to work on such a thread:
        // removal must happen all the same, so the flag is set aside and restored after
        boolean interrupted = Thread.interrupted();
        try {
            removeNow(sandbox);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void removeNow(Sandbox sandbox) {
        try {
            call(() -> client.removeContainerCmd(sandbox.id()).withForce(true).withRemoveVolumes(true).exec());
        } catch (NotFoundException | ConflictException e) {
            // gone already, or AutoRemove is removing it
        } catch (AirlockException e) {
            log.warn("could not remove sandbox {}: {}", sandbox.shortId(), e.getMessage());
        }
        oomCounts.remove(sandbox.id());
        removeNetworkOf(sandbox);
        SocketChannel keepAlive = live.remove(sandbox.id());
        if (keepAlive != null) {
            try {
                keepAlive.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    @Override
    public List<Sandbox> list(Map<String, String> labels) {
        Map<String, String> filter = new HashMap<>(labels);
        filter.put(LABEL, "true");
        List<Container> containers = call(() -> client.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec());
        return containers.stream().map(c -> new Sandbox(c.getId(), c.getLabels() == null ? Map.of() : c.getLabels())).toList();
    }

    @Override
    public List<Sandbox> removeOrphans() {
        List<Sandbox> orphans = list(Map.of()).stream()
                .filter(s -> !ownerAlive(s.labels().getOrDefault(OWNER_LABEL, ""))).toList();
        orphans.forEach(this::remove);
        return orphans;
    }

    @Override
    public Optional<String> openNetworkUnavailable() {
        return networks.unavailable();
    }

    @Override
    public List<String> removeOrphanNetworks() {
        return networks.removeOrphans(DockerRuntime::ownerAlive);
    }

    /** An open-network spec gets a fenced network of its own, labelled like its container; none gets none. */
    private Optional<OpenNetworks.Made> openNetwork(ContainerSpec spec, Map<String, String> labels) {
        if (!(spec.network() instanceof Network.Open open)) {
            return Optional.empty();
        }
        OpenNetworks.Made made = networks.create(labels, open.reachable());
        labels.put(OpenNetworks.NETWORK_LABEL, made.name());
        return Optional.of(made);
    }

    /** After its container: a container that is still there keeps its network, and the network its rules. */
    private void removeNetworkOf(Sandbox sandbox) {
        String name = networkOf.remove(sandbox.id());
        if (name == null) {
            name = sandbox.labels().get(OpenNetworks.NETWORK_LABEL);
        }
        if (name != null) {
            networks.remove(name);
        }
    }

    @Override
    public void close() {
        for (String id : List.copyOf(live.keySet())) {
            remove(new Sandbox(id, Map.of()));
        }
    }

    /** The owner label value of a process: its pid and start time, so a reused pid is not mistaken for it. */
    public static String ownerOf(ProcessHandle process) {
        long start = process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        return process.pid() + "@" + start;
    }

    static boolean ownerAlive(String owner) {
        int at = owner.indexOf('@');
        if (at < 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(0, at));
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isPresent() && process.get().isAlive() && ownerOf(process.get()).equals(owner);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Runs a docker-java call, turning "cannot reach the engine" into a message that says how to fix it. */
    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (NotFoundException | ConflictException e) {
            throw e;
        } catch (DockerException e) {
            throw AirlockException.failure("the Docker engine refused a request: " + firstLine(e.getMessage()),
                    "run airlock doctor to check the engine");
        } catch (RuntimeException e) {
            if (causedBy(e, IOException.class)) {
                throw new AirlockException(AirlockException.Kind.FAILURE,
                        "the Docker engine is not reachable at " + host + " (" + rootMessage(e) + ")",
                        unreachableHint(e), e);
            }
            throw e;
        }
    }

    private static String unreachableHint(Throwable e) {
        String message = rootMessage(e).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("permission denied")) {
            return "you may not use the engine's socket: add yourself to the docker group "
                    + "(sudo usermod -aG docker $USER, then log in again) or run as root";
        }
        return "start the engine: sudo dockerd (or sudo systemctl start docker); "
                + "scripts/airlock installs and starts it when run as root";
    }

    private static String startHint(ContainerSpec spec, Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (spec.ociRuntime().isPresent() && message.contains("runtime")) {
            return "the OCI runtime " + spec.ociRuntime().get() + " is not installed in the engine; remove \"runtime\" from the profile or install it";
        }
        return "run airlock doctor to check the engine and kernel features";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return Objects.toString(root.getMessage(), root.getClass().getSimpleName());
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").trim();
    }

    private static Map<String, String> tmpfs(ContainerSpec spec) {
        Map<String, String> out = new HashMap<>();
        spec.tmpfs().forEach(t -> out.put(t.containerPath(), t.options()));
        return out;
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AirlockException.failure("interrupted", "");
        }
    }
}
