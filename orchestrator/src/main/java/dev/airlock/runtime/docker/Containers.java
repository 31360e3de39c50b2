package dev.airlock.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MountType;
import dev.airlock.AirlockException;
import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.Network;
import dev.airlock.runtime.Sandbox;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of sandbox containers: made hardened from a spec, tied to this process by a stdin only it holds
 * (when the process dies the engine closes it, the idle {@code cat} ends and {@code AutoRemove} removes the
 * container), found by their labels, removed with their open network. Knows nothing of what runs in them.
 */
final class Containers {

    private static final Logger log = LoggerFactory.getLogger(Containers.class);
    /** An open network is IPv4 only: the firewall's rules are, so the container gets no IPv6 at all. */
    private static final Map<String, String> NO_IPV6 = Map.of("net.ipv6.conf.all.disable_ipv6", "1",
            "net.ipv6.conf.default.disable_ipv6", "1");

    private final Engine engine;
    private final OpenNetworks networks;
    private final String owner;
    /** The stdin each live container's idle process reads; closing it ends the container. */
    private final Map<String, EngineStream> live = new ConcurrentHashMap<>();
    /** The open network each live container has of its own, removed with it. */
    private final Map<String, String> networkOf = new ConcurrentHashMap<>();

    Containers(Engine engine, OpenNetworks networks, String owner) {
        this.engine = engine;
        this.networks = networks;
        this.owner = owner;
    }

    Sandbox start(ContainerSpec spec) {
        Map<String, String> labels = new HashMap<>(spec.labels());
        labels.put(DockerRuntime.LABEL, "true");
        labels.put(DockerRuntime.OWNER_LABEL, owner);
        labels.put(DockerRuntime.USER_LABEL, spec.user());
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
            created = engine.calls().call(() -> engine.client().createContainerCmd(spec.image())
                    .withUser(Processes.idleUser(spec.user()))
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
        try {
            // attach stdin before start, so the container cannot outlive this process even for a moment
            EngineStream keepAlive = engine.socket().upgrade("POST", "/containers/" + id + "/attach?stream=1&stdin=1", "");
            live.put(id, keepAlive);
            engine.calls().call(() -> engine.client().startContainerCmd(id).exec());
        } catch (IOException | RuntimeException e) {
            remove(new Sandbox(id, labels));
            throw e instanceof AirlockException a ? a : AirlockException.failure(
                    "could not start the sandbox container: " + e.getMessage(), startHint(spec, e));
        }
        log.debug("started sandbox {} from {}", id, spec.image());
        return new Sandbox(id, labels);
    }

    /** Whether this process started the container and has not removed it. */
    boolean live(String id) {
        return live.containsKey(id);
    }

    /** The host pid of the container's init, or empty when the engine knows no such container. */
    Optional<Long> initPid(String id) {
        try {
            Long pid = engine.calls().call(() -> engine.client().inspectContainerCmd(id).exec()).getState().getPidLong();
            return pid != null && pid > 0 ? Optional.of(pid) : Optional.empty();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    void remove(Sandbox sandbox) {
        try {
            engine.calls().call(() -> engine.client().removeContainerCmd(sandbox.id()).withForce(true).withRemoveVolumes(true).exec());
        } catch (NotFoundException | ConflictException e) {
            // gone already, or AutoRemove is removing it
        } catch (AirlockException e) {
            log.warn("could not remove sandbox {}: {}", sandbox.shortId(), e.getMessage());
        }
        removeNetworkOf(sandbox);
        EngineStream keepAlive = live.remove(sandbox.id());
        if (keepAlive != null) {
            try {
                keepAlive.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    List<Sandbox> list(Map<String, String> labels) {
        Map<String, String> filter = new HashMap<>(labels);
        filter.put(DockerRuntime.LABEL, "true");
        List<Container> containers = engine.calls().call(() -> engine.client().listContainersCmd().withShowAll(true).withLabelFilter(filter).exec());
        return containers.stream().map(c -> new Sandbox(c.getId(), c.getLabels() == null ? Map.of() : c.getLabels())).toList();
    }

    /** Every container this process started and has not removed yet. */
    List<String> liveIds() {
        return List.copyOf(live.keySet());
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

    private static String startHint(ContainerSpec spec, Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (spec.ociRuntime().isPresent() && message.contains("runtime")) {
            return "the OCI runtime " + spec.ociRuntime().get() + " is not installed in the engine; remove \"runtime\" from the profile or install it";
        }
        return "run airlock doctor to check the engine and kernel features";
    }

    private static Map<String, String> tmpfs(ContainerSpec spec) {
        Map<String, String> out = new HashMap<>();
        spec.tmpfs().forEach(t -> out.put(t.containerPath(), t.options()));
        return out;
    }
}
