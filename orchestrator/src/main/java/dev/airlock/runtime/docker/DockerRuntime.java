package dev.airlock.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.airlock.client.ClientProtocol;
import dev.airlock.AirlockException;
import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.EngineStatus;
import dev.airlock.runtime.ExecOutcome;
import dev.airlock.runtime.ExecSpec;
import dev.airlock.runtime.MountTable;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.runtime.Sandbox;
import dev.airlock.runtime.SandboxRuntime;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Sandboxes as Docker containers, over docker-java for the API and a hijacked socket for streams, both to the
 * engine {@code DOCKER_HOST} and {@code DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH} name. Its parts, one job
 * each: {@link Containers} (make, find, remove), {@link Execs} (run a command, wait for its status),
 * {@link Processes} (count and end a command's processes), {@link MountTables} and {@link OomCounter};
 * {@link EngineCalls} turns the engine's failures into messages that say what to do. What Airlock runs inside a
 * sandbox goes through {@link InSandbox}: its own static helper, so the image needs no {@code cat}, {@code sh} or {@code socat}.
 */
public final class DockerRuntime implements SandboxRuntime {

    /** Labels every container carries: {@code dev.airlock=true} and the owning process. */
    public static final String LABEL = "dev.airlock";
    public static final String OWNER_LABEL = "dev.airlock.owner";
    /** The {@code uid:gid} commands run as (the idle process runs as another). */
    static final String USER_LABEL = "dev.airlock.user";

    private final DockerClient client;
    private final EngineSocket socket;
    private final EngineCalls calls;
    private final OpenNetworks networks;
    private final Containers containers;
    private final Processes processes;
    private final Execs execs;
    private final MountTables mounts;
    private final OomCounter oom;

    private DockerRuntime(DockerClient client, EngineSocket socket, URI host) {
        this.client = client;
        this.socket = socket;
        this.calls = new EngineCalls(host);
        this.networks = new OpenNetworks(client, Firewall.host());
        Engine engine = new Engine(client, socket, calls);
        this.containers = new Containers(engine, networks, ownerOf(ProcessHandle.current()));
        this.processes = new Processes(engine, containers);
        this.execs = new Execs(engine, containers, processes);
        this.mounts = new MountTables(containers, execs);
        this.oom = new OomCounter(execs);
    }

    /** Connects to the engine this process's environment names ({@link #connect(Map)}). */
    public static DockerRuntime connect() {
        return connect(ClientProtocol.engineSettings(System.getenv()));
    }

    /**
     * Connects to the engine named by {@code DOCKER_HOST} (TLS as docker-java reads it), else by the context of
     * {@code settings} ({@link ClientProtocol#engineSettings}, read once by the caller, so that the engine used is
     * the one the server's socket is named after, whatever {@code docker context use} says later), else the local
     * unix socket.
     */
    public static DockerRuntime connect(Map<String, String> settings) {
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (settings.containsKey("DOCKER_CONTEXT") && !settings.containsKey("DOCKER_HOST")) {
            builder.withDockerContext(settings.get("DOCKER_CONTEXT"));
        }
        var config = builder.build();
        URI host = config.getDockerHost();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(host)
                .sslConfig(config.getSSLConfig())
                .maxConnections(256)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return new DockerRuntime(DockerClientImpl.getInstance(config, http), EngineSocket.of(host, tls(config)), host);
    }

    /** The TLS context docker-java uses for this engine, so the streams' socket verifies the same certificates. */
    private static Optional<SSLContext> tls(DefaultDockerClientConfig config) {
        if (config.getSSLConfig() == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(config.getSSLConfig().getSSLContext());
        } catch (java.security.GeneralSecurityException e) {
            throw AirlockException.failure("cannot read the engine's TLS certificates (DOCKER_CERT_PATH): " + e.getMessage(),
                    "point DOCKER_CERT_PATH at a folder with ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY");
        }
    }

    /** The engine's probe of the cgroup controls limits need (docker-java maps all but PidsLimit). */
    private static Map<String, Object> limits(Info info) {
        Map<String, Object> reported = new java.util.HashMap<>(info.getRawValues());
        reported.put("MemoryLimit", info.getMemoryLimit());
        reported.put("SwapLimit", info.getSwapLimit());
        reported.put("CpuCfsQuota", info.getCpuCfsQuota());
        return reported;
    }

    @Override
    public EngineStatus status() {
        Version version = calls.call(() -> client.versionCmd().exec());
        Info info = calls.call(() -> client.infoCmd().exec());
        List<String> security = info.getSecurityOptions() == null ? List.of() : info.getSecurityOptions();
        Object cgroup = info.getRawValues().getOrDefault("CgroupVersion", "1");
        Object runtimes = info.getRawValues().get("Runtimes");
        List<String> runtimeNames = runtimes instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf).sorted().toList() : List.of();
        return new EngineStatus(version.getVersion(), version.getApiVersion(), info.getOperatingSystem(),
                info.getKernelVersion(), String.valueOf(cgroup), security, runtimeNames, EngineStatus.missing(limits(info)));
    }

    @Override
    public boolean imagePresent(String image) {
        try {
            calls.call(() -> client.inspectImageCmd(image).exec());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public ExecOutcome interactive(Sandbox sandbox, ExecSpec exec, dev.airlock.runtime.TerminalIO terminal) {
        return new TtyExec(client, socket).run(sandbox.id(), Processes.commandUser(sandbox), exec, terminal);
    }

    @Override
    public void buildImage(dev.airlock.runtime.ImageBuild build) {
        calls.call(() -> {
            ImageBuilds.build(client, build);
            return null;
        });
    }

    @Override
    public void tagImage(String image, String tag) {
        int colon = tag.lastIndexOf(':');
        calls.call(() -> {
            client.tagImageCmd(image, tag.substring(0, colon), tag.substring(colon + 1)).exec();
            return null;
        });
    }

    @Override
    public Sandbox start(ContainerSpec spec) {
        Sandbox sandbox = containers.start(spec);
        if (spec.ociRuntime().isPresent()) {
            mounts.readByExecOnly(sandbox.id());
        }
        return sandbox;
    }

    @Override
    public ExecOutcome exec(Sandbox sandbox, ExecSpec exec, ProcessIO io) {
        long started = System.nanoTime();
        Execs.Ended ended = execs.exec(sandbox, exec, io.stdout(), io.stderr(), io.stdin());
        // a child killed for memory while the command itself carried on counts too: the exit status alone hides it
        boolean oomKilled = !ended.timedOut() && oom.rose(sandbox);
        return new ExecOutcome(ended.exitCode(), ended.timedOut(), oomKilled, ended.demux().stdoutBytes(),
                ended.demux().stderrBytes(), ended.demux().truncated(), Duration.ofNanos(System.nanoTime() - started));
    }

    @Override
    public boolean endCommands(Sandbox sandbox) {
        return processes.endCommands(sandbox);
    }

    @Override
    public MountTable mountTable(Sandbox sandbox) {
        return mounts.of(sandbox);
    }

    /** Package-private for the test that compares it with the host's reading. */
    String readByExec(Sandbox sandbox) {
        return mounts.readByExec(sandbox);
    }

    @Override
    public void remove(Sandbox sandbox) {
        // a cancelled command's thread is interrupted, and the HTTP client refuses to work on such a thread:
        // removal must happen all the same, so the flag is set aside and restored after
        boolean interrupted = Thread.interrupted();
        try {
            containers.remove(sandbox);
        } finally {
            oom.forget(sandbox.id());
            processes.forget(sandbox.id());
            mounts.forget(sandbox.id());
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public List<Sandbox> list(Map<String, String> labels) {
        return containers.list(labels);
    }

    @Override
    public List<Sandbox> removeOrphans() {
        List<Sandbox> orphans = list(Map.of()).stream()
                .filter(s -> !ownerAlive(s.labels().getOrDefault(OWNER_LABEL, ""))).toList();
        orphans.forEach(this::remove);
        return orphans;
    }

    @Override
    public Optional<dev.airlock.runtime.NetworkCheck> checkNetwork(dev.airlock.runtime.NetworkCheck.Kind kind, String image) {
        return Optional.of(checkNetwork(kind, image, Optional.empty()));
    }

    /** The same; for {@code OPEN}, on {@code network} when given (a test's own) instead of one made for the look. */
    public dev.airlock.runtime.NetworkCheck checkNetwork(dev.airlock.runtime.NetworkCheck.Kind kind, String image, Optional<String> network) {
        return new NetworkProbes(client, ownerOf(ProcessHandle.current())).check(kind, image, network);
    }

    @Override
    public Optional<String> openNetworkUnavailable() {
        return networks.unavailable();
    }

    @Override
    public List<String> removeOrphanNetworks() {
        return networks.removeOrphans(DockerRuntime::ownerAlive);
    }

    @Override
    public void close() {
        for (String id : containers.liveIds()) {
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

    /** The idle process's user (see {@link Processes#idleUser}). */
    static String idleUser(String commandUser) {
        return Processes.idleUser(commandUser);
    }
}
