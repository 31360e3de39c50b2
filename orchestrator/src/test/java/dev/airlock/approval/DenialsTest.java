package dev.airlock.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.AirlockException;
import dev.airlock.assess.Assessment;
import dev.airlock.assess.Tier;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DenialsTest {

    private static final List<String> RERUN = List.of("airlock", "run", "--mode", "default", "--workspace", "/w s");

    @Test
    void aDenialSaysWhatWasNeededAndIsExit77() {
        ApprovalRequest push = Requests.push();

        AirlockException e = Denials.exception(push, new Answer.Denied("no answer within 5m", "queue"), RERUN);

        assertThat(e.kind().exitCode()).isEqualTo(77);
        assertThat(e.getMessage()).startsWith("not run: git push origin main needs profile network-allowlisted"
                        + " (this session runs in workspace-write), and approval request " + push.id()
                        + " was denied: no answer within 5m [queue]")
                .contains("tier: NETWORK").contains("reasons: network github.test").contains("domains: github.test");
    }

    @Test
    void theHintHasTheExactCommandsThatWouldApproveIt() {
        AirlockException e = Denials.exception(Requests.push(), new Answer.Denied("no", "bob"), RERUN);

        assertThat(e.hint())
                .contains("airlock run --mode default --workspace '/w s' --approver queue -- git push origin main")
                .contains("airlock approve ID")
                .contains("airlock run --mode default --workspace '/w s' --allow-domain github.test -- git push origin main")
                .doesNotContain("--profile"); // a stronger profile is asked about all the same: not a way around the question
    }

    @Test
    void aNetworkRequestIsPreApprovedByItsDomain() {
        Assessment a = new Assessment(Tier.NETWORK, List.of(), List.of(), List.of(), List.of(), false);
        ApprovalRequest r = ApprovalRequest.of("s-0123456789", new RequestKind.Network("evil.test", 443),
                List.of("curl", "https://evil.test/x y"), a, "network-allowlisted", "network-allowlisted",
                Optional.empty(), List.of(), Requests.AT);

        String text = Denials.text(r, new Answer.Denied("no", "bob"), List.of());

        assertThat(text).contains("asked for: network request to evil.test:443")
                .contains("airlock run --allow-domain evil.test -- curl 'https://evil.test/x y'")
                .doesNotContain("--profile");
    }

    @Test
    void aDestructiveDenialDoesNotOfferTheSession() {
        String text = Denials.text(Requests.remove(), new Answer.Denied("no", "bob"), RERUN);

        assertThat(text).doesNotContain("--scope session").doesNotContain("--profile").doesNotContain("up front")
                .contains("--approver queue -- rm -rf build");
    }
}
