package dev.airlock.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.airlock.AirlockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridge network per open-network sandbox, made with its firewall rules before the container and removed
 * with them after it. Fails closed: without rules in place there is no network, and so no container.
 */
final class OpenNetworks {

    static final String BRIDGE_LABEL = "dev.airlock.bridge";
    static final String NETWORK_LABEL = "dev.airlock.network";
    private static final String BRIDGE_OPTION = "com.docker.network.bridge.name";
    private static final Logger log = LoggerFactory.getLogger(OpenNetworks.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DockerClient client;
    private final Firewall firewall;

    OpenNetworks(DockerClient client, Firewall firewall) {
        this.client = client;
        this.firewall = firewall;
    }

    /** Why no network can be fenced here, or empty. */
    Optional<String> unavailable() {
        return firewall.unavailable();
    }

    /** A made network: its engine name and the host's bridge interface. */
    record Made(String name, String bridge) {
    }

    /**
     * Makes a network labelled like the container ({@code dev.airlock=true}, owner, session) and fences it.
     *
     * @param reachable CIDR ranges the profile lets through although they are private
     */
    Made create(Map<String, String> labels, List<String> reachable) {
        Optional<String> unavailable = firewall.unavailable();
        if (unavailable.isPresent()) {
            throw AirlockException.failure("not run: the open network needs firewall rules that keep the sandbox off this "
                            + "host, its other containers and private networks, and " + unavailable.get(),
                    "run Airlock as root for full-access, or use a profile with \"network\": \"allowlisted\" (the egress proxy "
                            + "needs no firewall rules)");
        }
        String suffix = HexFormat.of().formatHex(RANDOM.generateSeed(5));
        String bridge = Firewall.bridgeName(suffix);
        String name = "airlock-" + suffix;
        Map<String, String> networkLabels = new HashMap<>(labels);
        networkLabels.put(BRIDGE_LABEL, bridge);
        try {
            client.createNetworkCmd().withName(name).withDriver("bridge").withCheckDuplicate(true)
                    .withLabels(networkLabels).withOptions(Map.of(BRIDGE_OPTION, bridge)).exec();
        } catch (DockerException e) {
            throw AirlockException.failure("not run: the engine could not make the sandbox's network (" + firstLine(e.getMessage()) + ")",
                    "airlock gc removes networks of dead Airlock processes; docker network ls lists the rest");
        }
        Made made = new Made(name, bridge);
        try {
            // the engine's bridges must be this host's, or rules here would fence nothing (a remote or rootless engine)
            if (!Files.exists(Path.of("/sys/class/net", bridge), LinkOption.NOFOLLOW_LINKS)) {
                throw AirlockException.failure("not run: the engine's bridge " + bridge + " is not in this host's network "
                                + "namespace (a remote or rootless engine), so Airlock cannot fence the open network",
                        "use a profile with \"network\": \"allowlisted\", or run Airlock on the engine's host as root");
            }
            firewall.install(bridge, reachable);
        } catch (RuntimeException e) {
            removeNetwork(name);
            throw e;
        }
        log.debug("made network {} (bridge {})", name, bridge);
        return made;
    }

    /**
     * Removes a network once its container has left it, and then its rules. A network that will not go keeps its
     * rules (the sweep tries again), so a bridge is never left open.
     */
    void remove(String name) {
        Optional<Network> network = inspect(name);
        if (network.isEmpty()) {
            return;
        }
        String bridge = bridgeOf(network.get());
        if (removeNetwork(name) && bridge != null) {
            firewall.remove(bridge);
        }
    }

    /**
     * Removes networks whose owning process is gone and that no container uses, and rules whose bridge no
     * network has; returns the networks removed.
     */
    List<String> removeOrphans(Predicate<String> ownerAlive) {
        List<Network> ours;
        try {
            ours = client.listNetworksCmd().withFilter("label", List.of(DockerRuntime.LABEL + "=true")).exec();
        } catch (DockerException e) {
            log.debug("could not list networks: {}", e.toString());
            return List.of();
        }
        List<String> removed = new ArrayList<>();
        for (Network n : ours) {
            String owner = n.getLabels() == null ? "" : n.getLabels().getOrDefault(DockerRuntime.OWNER_LABEL, "");
            if (!ownerAlive.test(owner) && inspect(n.getName()).map(i -> i.getContainers() == null || i.getContainers().isEmpty()).orElse(false)) {
                remove(n.getName());
                if (inspect(n.getName()).isEmpty()) {
                    removed.add(n.getName());
                }
            }
        }
        if (firewall.unavailable().isEmpty()) {
            Set<String> bridges = ours.stream().map(OpenNetworks::bridgeOf).filter(b -> b != null).collect(Collectors.toSet());
            for (String bridge : firewall.bridges()) {
                // only once the bridge itself is gone: a network another process is making right now has no
                // label listing yet, but its bridge exists before its rules do
                if (!bridges.contains(bridge) && !Files.exists(Path.of("/sys/class/net", bridge), LinkOption.NOFOLLOW_LINKS)) {
                    firewall.remove(bridge);
                }
            }
        }
        return removed;
    }

    private Optional<Network> inspect(String name) {
        try {
            return Optional.of(client.inspectNetworkCmd().withNetworkId(name).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The engine lets a network go only once the container's endpoint has gone, a moment after the container. */
    private boolean removeNetwork(String name) {
        for (int attempt = 0; attempt < 40; attempt++) {
            try {
                client.removeNetworkCmd(name).exec();
                return true;
            } catch (NotFoundException e) {
                return true;
            } catch (DockerException e) {
                try {
                    Thread.sleep(50L * Math.min(attempt + 1, 5));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        log.warn("could not remove network {}; airlock gc will", name);
        return false;
    }

    private static String bridgeOf(Network network) {
        String bridge = network.getOptions() == null ? null : network.getOptions().get(BRIDGE_OPTION);
        return bridge != null && bridge.startsWith(Firewall.BRIDGE_PREFIX) ? bridge : null;
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").trim();
    }
}
