package dev.airlock.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules are what they claim, and a failure part-way leaves nothing behind. */
class FirewallTest {

    static final String BRIDGE = "alk-0123456789";

    /** Records every call; fails the first call whose arguments contain {@code failOn}. */
    static final class Recording implements Firewall.Iptables {
        final List<List<String>> calls = new ArrayList<>();
        final String failOn;

        Recording(String failOn) {
            this.failOn = failOn;
        }

        @Override
        public Result run(List<String> args) {
            calls.add(args);
            if (failOn != null && String.join(" ", args).contains(failOn)) {
                return new Result(1, "iptables: No chain/target/match by that name.\n");
            }
            // a chain or rule that was not added yet is not there
            if ((args.getFirst().equals("-S") || args.getFirst().equals("-C")) && !added(args)) {
                return new Result(1, "No chain/target/match by that name.");
            }
            return new Result(0, "");
        }

        private boolean added(List<String> args) {
            if (args.getFirst().equals("-S")) {
                return args.get(1).equals("DOCKER-USER") || calls.stream().anyMatch(c -> c.equals(List.of("-N", args.get(1))));
            }
            List<String> rest = args.subList(2, args.size());
            return calls.stream().anyMatch(c -> (c.getFirst().equals("-A") || c.getFirst().equals("-I"))
                    && c.get(1).equals(args.get(1)) && String.join(" ", c).endsWith(String.join(" ", rest)));
        }
    }

    @Test
    void forwardedTrafficToEveryNonPublicRangeIsRejectedAndTheHostIsRejectedWhole() {
        var rules = Firewall.rules(BRIDGE, List.of("10.9.0.0/16"), List.of("10.255.255.53"));

        assertThat(rules.forwardChain()).isEqualTo("AIRLOCK-F-0123456789");
        assertThat(rules.forward()).first().isEqualTo(List.of("-d", "10.255.255.53/32", "-p", "udp", "--dport", "53", "-j", "RETURN"));
        // what the profile names comes before the rejections, so it passes
        assertThat(rules.forward().indexOf(List.of("-d", "10.9.0.0/16", "-j", "RETURN")))
                .isLessThan(rules.forward().indexOf(List.of("-d", "10.0.0.0/8", "-j", "REJECT", "--reject-with", "icmp-admin-prohibited")));
        for (String range : List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
                "127.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4")) {
            assertThat(rules.forward()).contains(List.of("-d", range, "-j", "REJECT", "--reject-with", "icmp-admin-prohibited"));
        }
        assertThat(rules.input().getLast()).isEqualTo(List.of("-j", "REJECT", "--reject-with", "icmp-admin-prohibited"));
    }

    @Test
    void installJumpsFirstAndChecksEveryJump() {
        var iptables = new Recording(null);

        new Firewall(iptables, List.of()).install(BRIDGE, List.of());

        assertThat(iptables.calls).contains(List.of("-I", "DOCKER-USER", "1", "-j", "AIRLOCK-FORWARD"),
                List.of("-I", "INPUT", "1", "-j", "AIRLOCK-INPUT"),
                List.of("-A", "AIRLOCK-FORWARD", "-i", BRIDGE, "-j", "AIRLOCK-F-0123456789"),
                List.of("-C", "AIRLOCK-INPUT", "-i", BRIDGE, "-j", "AIRLOCK-I-0123456789"));
    }

    @Test
    void aRuleThatCannotBeAddedFailsClosedAndRemovesWhatWasAdded() {
        var iptables = new Recording("-A AIRLOCK-I-0123456789");

        assertThatThrownBy(() -> new Firewall(iptables, List.of()).install(BRIDGE, List.of()))
                .isInstanceOf(AirlockException.class)
                .hasMessageContaining("firewall rules could not be installed")
                .hasMessageContaining("no open network without them");
        assertThat(iptables.calls).contains(List.of("-X", "AIRLOCK-F-0123456789"), List.of("-X", "AIRLOCK-I-0123456789"));
    }

    @Test
    void withoutDockerUserThereIsNoFirewall() {
        Firewall.Iptables none = args -> new Firewall.Iptables.Result(1, "iptables: No chain/target/match by that name.");

        assertThat(new Firewall(none, List.of()).unavailable()).get().asString().contains("DOCKER-USER");
    }

    @Test
    void bridgesAreFoundFromJumpsAndChains() {
        String listing = """
                -N AIRLOCK-F-aaaaaaaaaa
                -A AIRLOCK-FORWARD -i alk-bbbbbbbbbb -j AIRLOCK-F-bbbbbbbbbb
                -A DOCKER-USER -i alk-cccccccccc -j ACCEPT
                """;
        Firewall.Iptables lister = args -> new Firewall.Iptables.Result(0, listing);

        assertThat(new Firewall(lister, List.of()).bridges()).containsExactlyInAnyOrder("alk-aaaaaaaaaa", "alk-bbbbbbbbbb");
    }
}
