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
import dev.airlock.runtime.MountTable;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.runtime.Sandbox;
import dev.airlock.runtime.SandboxRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxes as Docker containers. A sandbox idles in Airlock's helper reading a stdin that only this process
 * holds open: if Airlock dies, the engine closes that stdin, {@code cat} ends and the container removes
 * itself ({@code AutoRemove}); what Airlock runs inside goes through {@link InSandbox}. The idle process runs as a user of its own; commands run through the exec API
 * as the spec's user, so that every process a command leaves can be killed and none can touch the idle one.
 */
public final class DockerRuntime implements SandboxRuntime {

    /** Labels every container carries: {@code dev.airlock=true} and the owning process. */
    public static final String LABEL = "dev.airlock";
    public static final String OWNER_LABEL = "dev.airlock.owner";
    /** The {@code uid:gid} commands run as (the idle process runs as another). */
    static final String USER_LABEL = "dev.airlock.user";

    private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(3);
    /**
     * Kills every process of the caller's user but itself and the namespace's init, in one system call: the
     * kernel walks the process list under a lock that fork needs too, so nothing forks its way out of it, and
     * neither a new session, a double fork nor a scrubbed environment hides a process from it.
     */
    private static final String KILL_ALL = "kill -KILL -1 2>/dev/null; true";
    /** How long processes may take to die after {@link #KILL_ALL} before the sandbox counts as not clean. */
    private static final Duration DEATH_WAIT = Duration.ofSeconds(3);
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
    /** The host pid of each sandbox's init, once looked up; absent for one whose mount table is read by exec only. */
    private final Map<String, Long> pids = new ConcurrentHashMap<>();
    /** Sandboxes under another OCI runtime (gVisor): their init's host mount table is not the sandbox's. */
    private final java.util.Set<String> execOnly = ConcurrentHashMap.newKeySet();
    private final Map<String, Census> censuses = new ConcurrentHashMap<>();

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
    public void buildImage(dev.airlock.runtime.ImageBuild build) {
        call(() -> {
            ImageBuilds.build(client, build);
            return null;
        });
    }

    @Override
    public void tagImage(String image, String tag) {
        int colon = tag.lastIndexOf(':');
        call(() -> {
            client.tagImageCmd(image, tag.substring(0, colon), tag.substring(colon + 1)).exec();
            return null;
        });
    }

    @Override
    public Sandbox start(ContainerSpec spec) {
        Map<String, String> labels = new HashMap<>(spec.labels());
        labels.put(LABEL, "true");
        labels.put(OWNER_LABEL, owner);
        labels.put(USER_LABEL, spec.user());
        InSandbox.label(spec, labels);
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
                    .withUser(idleUser(spec.user()))
                    .withWorkingDir(spec.workdir())
                    .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList())
                    .withLabels(labels)
                    .withEntrypoint(List.of())
                    // an image's HEALTHCHECK would run programs of its choosing, as the idle user, between commands
                    .withHealthcheck(new com.github.dockerjava.api.model.HealthCheck().withTest(List.of("NONE")))
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
        if (spec.ociRuntime().isPresent()) {
            execOnly.add(id);
        }
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
        String user = commandUser(sandbox);
        List<String> env = new ArrayList<>();
        exec.env().forEach((k, v) -> env.add(k + "=" + v));
        String execId = call(() -> client.execCreateCmd(sandbox.id())
                // a missing program exits 127 and a non-executable one 126, as in a shell
                .withCmd(InSandbox.command(sandbox, exec.argv()))
                .withUser(user)
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
                    kill(sandbox, stream);
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
                kill(sandbox, null);
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

    @Override
    public ExecOutcome interactive(Sandbox sandbox, ExecSpec exec, dev.airlock.runtime.TerminalIO terminal) {
        return new TtyExec(client, socket).run(sandbox.id(), commandUser(sandbox), exec, terminal);
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

    /** Kills every process of the sandbox's command (its only one: a sandbox runs one at a time), then, if need be, the stream. */
    private void kill(Sandbox sandbox, SocketChannel stream) {
        try {
            killAll(sandbox);
            if (stream != null) {
                Thread.sleep(KILL_GRACE);
            }
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException e) {
            log.debug("could not kill the command in {}: {}", sandbox.shortId(), e.toString());
        }
        // a process that survived (it stopped the killer, say) must not hold the wait: cutting the stream ends it
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    @Override
    public boolean endCommands(Sandbox sandbox) {
        boolean interrupted = Thread.interrupted();
        try {
            Census census = census(sandbox);
            if (census.commandProcesses() == 0) {
                return true; // the usual case: the command left nothing behind
            }
            killAll(sandbox);
            long deadline = System.nanoTime() + DEATH_WAIT.toNanos();
            for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
                if (census.commandProcesses() == 0) {
                    return true;
                }
                sleep(Duration.ofMillis(attempt < 5 ? 5 : 50));
            }
            log.warn("processes of a finished command in sandbox {} outlived a kill; the sandbox is not reused", sandbox.shortId());
            return false;
        } catch (RuntimeException e) {
            // fail closed: a sandbox whose processes cannot be counted is not given to another command
            log.debug("could not end the commands of {}: {}", sandbox.shortId(), e.toString());
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Counts a sandbox's live processes that are not the idle ones (its init and {@code cat}, which run as the
     * idle user: anything of another uid is a command's). Counted as the kernel has them, from the host, which
     * nothing inside can hide from or forge: the container's cgroup when the engine runs on this host (a file
     * read), else the engine's {@code top}. Zombies are dead already and do not count.
     */
    private Census census(Sandbox sandbox) {
        return censuses.computeIfAbsent(sandbox.id(), id -> {
            long init = call(() -> client.inspectContainerCmd(id).exec()).getState().getPidLong();
            Optional<Path> cgroup = Census.cgroupOf(id, init);
            return cgroup.<Census>map(dir -> () -> Census.count(dir, init))
                    .orElseGet(() -> () -> topCount(sandbox, init));
        });
    }

    private int topCount(Sandbox sandbox, long init) {
        var top = call(() -> client.topContainerCmd(sandbox.id()).withPsArgs("-o uid,pid,stat").exec());
        List<String> titles = List.of(top.getTitles());
        int uid = titles.indexOf("UID");
        int pid = titles.indexOf("PID");
        int stat = titles.indexOf("STAT");
        String[][] rows = top.getProcesses() == null ? new String[0][] : top.getProcesses();
        if (uid < 0 || pid < 0 || stat < 0) {
            throw AirlockException.failure("the engine listed a sandbox's processes without their users", "run airlock doctor");
        }
        String idle = java.util.Arrays.stream(rows).filter(r -> r[pid].trim().equals(String.valueOf(init))).map(r -> r[uid].trim())
                .findFirst().orElseThrow(() -> AirlockException.failure("the sandbox's idle process is gone", ""));
        return (int) java.util.Arrays.stream(rows).filter(r -> !r[uid].trim().equals(idle) && !r[stat].startsWith("Z")).count();
    }

    /** Starts {@link #KILL_ALL} as the command user, without waiting for it. */
    private void killAll(Sandbox sandbox) {
        String killer = call(() -> client.execCreateCmd(sandbox.id())
                .withCmd(InSandbox.killAll(sandbox, KILL_ALL))
                .withUser(commandUser(sandbox))
                .exec()).getId();
        call(() -> client.execStartCmd(killer).withDetach(true).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>()));
    }

    /** The user a sandbox's commands run as, recorded in its labels when it was started. */
    private static String commandUser(Sandbox sandbox) {
        String user = sandbox.labels().get(USER_LABEL);
        if (user == null || !user.matches("[0-9]+:[0-9]+")) {
            throw AirlockException.failure("sandbox " + sandbox.shortId() + " carries no command user label (" + USER_LABEL + ")",
                    "it was not started by this version of Airlock: remove it with airlock gc");
        }
        return user;
    }

    /**
     * The idle process's user: {@code nobody}, or the uid below it when commands run as {@code nobody}. Any
     * other uid than the commands' does: with no capabilities, they can neither signal nor trace it.
     */
    static String idleUser(String commandUser) {
        return commandUser.startsWith("65534:") ? "65533:65533" : "65534:65534";
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
            String execId = call(() -> client.execCreateCmd(sandbox.id()).withCmd(InSandbox.oomCount(sandbox, OOM_SCRIPT))
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

    /**
     * Read from the host through {@code /proc/<pid>} of the container's init when that process is visible here
     * and is the container's (its cgroup names the container; the folder handle pins the process, so a reused
     * pid cannot answer); otherwise (a remote engine, another pid namespace, gVisor) by an exec that reads
     * {@code /proc/self/mountinfo} inside, which the kernel writes whatever the sandbox did.
     */
    @Override
    public MountTable mountTable(Sandbox sandbox) {
        Optional<String> local = execOnly.contains(sandbox.id()) ? Optional.empty() : readLocally(sandbox);
        return MountTable.parse(local.orElseGet(() -> readByExec(sandbox)));
    }

    private Optional<String> readLocally(Sandbox sandbox) {
        Long pid = pids.get(sandbox.id());
        if (pid == null) {
            try {
                pid = call(() -> client.inspectContainerCmd(sandbox.id()).exec()).getState().getPidLong();
            } catch (NotFoundException e) {
                pid = null;
            }
            if (pid != null && pid > 0) {
                pids.put(sandbox.id(), pid);
            } else {
                pid = null;
            }
        }
        if (pid == null) {
            return Optional.empty();
        }
        try (var stream = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc", pid.toString()))) {
            if (!(stream instanceof java.nio.file.SecureDirectoryStream<java.nio.file.Path> proc)) {
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

    private static String read(java.nio.file.SecureDirectoryStream<java.nio.file.Path> dir, String name) throws IOException {
        try (var channel = dir.newByteChannel(java.nio.file.Path.of(name), java.util.Set.of(java.nio.file.StandardOpenOption.READ));
             var in = java.nio.channels.Channels.newInputStream(channel)) {
            // one char per byte: MountTable decodes the kernel's escapes and then the names' UTF-8
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** Package-private for the test that compares it with the host's reading. */
    String readByExec(Sandbox sandbox) {
        var out = new java.io.ByteArrayOutputStream();
        String execId = call(() -> client.execCreateCmd(sandbox.id()).withCmd(InSandbox.mountInfo(sandbox))
                .withAttachStdout(true).withAttachStderr(true).exec()).getId();
        try (SocketChannel stream = socket.upgrade("POST", "/exec/" + execId + "/start", "{\"Detach\":false,\"Tty\":false}")) {
            stream.shutdownOutput();
            new StreamDemux(out, java.io.OutputStream.nullOutputStream(), 4L << 20).pump(stream);
        } catch (IOException e) {
            throw AirlockException.failure("could not read the sandbox's mount table: " + e.getMessage(),
                    "run airlock doctor to check the engine");
        }
        if (exitCode(execId, false) != 0) {
            throw AirlockException.failure("could not read the sandbox's mount table (the reader failed)",
                    "run airlock doctor to check the engine");
        }
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
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
        pids.remove(sandbox.id());
        execOnly.remove(sandbox.id());
        censuses.remove(sandbox.id());
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
