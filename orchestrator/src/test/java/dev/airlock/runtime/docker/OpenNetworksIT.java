package dev.airlock.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.airlock.AirlockException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Networks and rules of dead Airlock processes are swept; a network whose rules fail is never left behind. */
class OpenNetworksIT {

    static final Map<String, String> LABELS = Map.of(DockerRuntime.LABEL, "true", "dev.airlock.test", "open-networks",
            DockerRuntime.OWNER_LABEL, "1@0");
    DockerClient client;
    final List<String> made = new ArrayList<>();

    @BeforeEach
    void setUp() {
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "the open network's firewall needs root");
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }

    @AfterEach
    void tearDown() {
        OpenNetworks networks = new OpenNetworks(client, Firewall.host());
        made.forEach(networks::remove);
    }

    @Test
    void aDeadOwnersNetworkAndItsRulesAreSwept() throws Exception {
        OpenNetworks networks = new OpenNetworks(client, Firewall.host());
        OpenNetworks.Made network = networks.create(LABELS, List.of());
        made.add(network.name());
        assertThat(iptables()).contains("-A AIRLOCK-FORWARD -i " + network.bridge() + " -j AIRLOCK-F-" + network.bridge().substring(4));

        // "1@0": pid 1 did not start at the epoch, so no live process owns it
        List<String> removed = networks.removeOrphans(DockerRuntime::ownerAlive);

        assertThat(removed).contains(network.name());
        assertThat(iptables()).doesNotContain(network.bridge());
        assertThatThrownBy(() -> client.inspectNetworkCmd().withNetworkId(network.name()).exec())
                .isInstanceOf(com.github.dockerjava.api.exception.NotFoundException.class);
    }

    @Test
    void whenARuleCannotBeInstalledThereIsNoNetwork() throws Exception {
        List<String> before = names();
        Firewall failing = new Firewall(args -> String.join(" ", args).startsWith("-A AIRLOCK-INPUT ")
                ? new Firewall.Iptables.Result(4, "iptables: Resource temporarily unavailable.") : runHost(args), List.of());

        assertThatThrownBy(() -> new OpenNetworks(client, failing).create(LABELS, List.of()))
                .isInstanceOf(AirlockException.class)
                .hasMessageContaining("gives no open network without them");

        assertThat(names()).isEqualTo(before);
        assertThat(iptables()).doesNotContainPattern("AIRLOCK-[FI]-[0-9a-f]{10}");
    }

    private List<String> names() {
        return client.listNetworksCmd().withFilter("label", List.of("dev.airlock.test=open-networks")).exec().stream()
                .map(com.github.dockerjava.api.model.Network::getName).sorted().toList();
    }

    private static Firewall.Iptables.Result runHost(List<String> args) {
        return Firewall.hostIptables().run(args);
    }

    private static String iptables() throws Exception {
        Process p = new ProcessBuilder("iptables", "-S").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
