package dev.airlock.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.airlock.runtime.NetworkCheck;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code doctor}'s look at each kind of network, on a real engine: each passes where the network works, the
 * bridge look fails on a bridge that is down (one the test makes and removes, never the engine's own), and
 * nothing the looks started is left behind either way.
 */
class NetworkProbesIT {

    static final String IMAGE = "airlock/sandbox:latest";
    DockerClient client;
    DockerRuntime runtime;
    String testNetwork;

    @BeforeEach
    void setUp() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        runtime = DockerRuntime.connect();
    }

    @AfterEach
    void tearDown() {
        if (testNetwork != null) {
            client.removeNetworkCmd(testNetwork).exec();
        }
        runtime.close();
    }

    @Test
    void eachKindOfNetworkWorksAndTheLookLeavesNothing() {
        for (NetworkCheck.Kind kind : NetworkCheck.Kind.values()) {
            NetworkCheck check = runtime.checkNetwork(kind, IMAGE).orElseThrow();

            assertThat(check.ok()).as(check.toString()).isTrue();
            assertThat(check.fix()).isEmpty();
        }
        assertLeftNothing();
    }

    @Test
    void aBridgeThatIsDownFailsTheLookWithAFix() throws Exception {
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "setting the test's own bridge down needs root");
        String suffix = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
        String bridge = "brdoctor" + suffix;
        testNetwork = "airlock-test-broken-" + suffix;
        client.createNetworkCmd().withName(testNetwork).withDriver("bridge").withLabels(Map.of("dev.airlock.test", "network-probes"))
                .withOptions(Map.of("com.docker.network.bridge.name", bridge)).exec();
        Process down = new ProcessBuilder("ip", "link", "set", bridge, "down").inheritIO().start();
        assertThat(down.waitFor(10, TimeUnit.SECONDS) && down.exitValue() == 0).as("ip link set " + bridge + " down").isTrue();

        NetworkCheck check = runtime.checkNetwork(NetworkCheck.Kind.OPEN, IMAGE, Optional.of(testNetwork));

        assertThat(check.ok()).as(check.toString()).isFalse();
        assertThat(check.detail()).contains("bridge networking is broken");
        assertThat(check.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("ip link"));
        assertLeftNothing();
        // the test's network is still there (the look removes only networks it made)
        assertThat(client.inspectNetworkCmd().withNetworkId(testNetwork).exec().getName()).isEqualTo(testNetwork);
    }

    /** Only this process's: other Airlock processes may be looking at the same time. */
    private void assertLeftNothing() {
        String owner = DockerRuntime.ownerOf(ProcessHandle.current());
        assertThat(client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(DockerRuntime.OWNER_LABEL, owner)).exec().stream()
                .filter(c -> c.getLabels().containsKey(NetworkProbes.PROBE_LABEL)).toList())
                .as("containers the look started").isEmpty();
        assertThat(client.listNetworksCmd().withFilter("label", List.of(DockerRuntime.OWNER_LABEL + "=" + owner)).exec().stream()
                .map(n -> n.getName()).filter(n -> n.startsWith("airlock-doctor-")).toList())
                .as("networks the look made").isEmpty();
    }
}
