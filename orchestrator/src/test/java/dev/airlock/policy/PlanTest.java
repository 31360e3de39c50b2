package dev.airlock.policy;

import static dev.airlock.policy.PlannerTest.CATALOG;
import static dev.airlock.policy.PlannerTest.DELETES;
import static dev.airlock.policy.PlannerTest.NPM;
import static dev.airlock.policy.PlannerTest.assessment;
import static dev.airlock.policy.PlannerTest.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import dev.airlock.assess.Assessment;
import dev.airlock.profile.Profile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The complete plan: what the session carries out without deciding anything itself. */
class PlanTest {

    static Plan complete(String mode, Assessment a, List<String> allowed, Granted granted, Optional<Duration> timeout) {
        return Planner.complete(new PlanRequest(a, CATALOG.mode(mode), CATALOG, Optional.empty(), allowed, granted), timeout);
    }

    static Plan complete(String mode, Assessment a) {
        return complete(mode, a, List.of(), Granted.NOTHING, Optional.empty());
    }

    @ParameterizedTest(name = "{0}: {1} -> checkpoint {2}")
    @CsvSource({
        "read-only,   read,   false",
        "read-only,   write,  true",
        "default,     read,   false",
        "default,     write,  true",
        "default,     opaque, true",
        "full-access, write,  true",
    })
    void aCheckpointComesFirstWhenTheProfileCanWriteAndTheCommandMay(String mode, String kind, boolean checkpoint) {
        Assessment a = PlannerTest.ofKind(kind.equals("opaque") ? "read" : kind);
        if (kind.equals("opaque")) {
            a = new Assessment(a.tier(), a.reasons(), a.domains(), a.paths(), a.parts(), true);
        }
        assertThat(complete(mode, a).checkpoint()).isEqualTo(checkpoint);
    }

    @Test
    void onlyAnAllowlistedProfileHasAProxyAndItHoldsExactlyWhatThisCommandWasGiven() {
        Granted granted = new Granted() {
            @Override
            public Optional<String> covers(dev.airlock.assess.Part part, String profile) {
                return Optional.empty();
            }

            @Override
            public boolean coversDomain(String domain) {
                return domain.equals("pypi.org");
            }

            @Override
            public List<String> domains() {
                return List.of("pypi.org");
            }
        };
        Plan plan = complete("default", assessment(part("npm install", NPM)), List.of("example.test"), granted, Optional.empty());

        assertThat(plan.profile().name()).isEqualTo("network-allowlisted");
        assertThat(plan.proxy()).contains(List.of("example.test", "registry.npmjs.org:*", "pypi.org"));
        assertThat(complete("default", PlannerTest.ofKind("write")).proxy()).isEmpty();
        assertThat(complete("full-access", assessment(part("npm install", NPM))).proxy()).isEmpty();
    }

    @Test
    void theCallersTimeLimitMayOnlyShortenTheProfiles() {
        Assessment a = assessment(part("ls"));
        Plan shorter = complete("default", a, List.of(), Granted.NOTHING, Optional.of(Duration.ofSeconds(5)));
        Plan longer = complete("default", a, List.of(), Granted.NOTHING, Optional.of(Duration.ofHours(5)));

        assertThat(shorter.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(shorter.timeoutCut()).isFalse();
        assertThat(longer.timeout()).isEqualTo(CATALOG.profile("workspace-write").limits().timeout());
        assertThat(longer.timeoutCut()).isTrue();
    }

    @Test
    void theRetryIsPlannedBeforeTheCommandRunsAndAsksAPersonForTheStrongerProfile() {
        Plan first = complete("read-only", assessment(part("make", DELETES)));
        Plan readOnly = complete("read-only", assessment(part("ls")));

        assertThat(readOnly.retry().writable()).map(Profile::name).contains("workspace-write");
        assertThat(readOnly.retry().network()).map(Profile::name).contains("network-allowlisted");
        Plan again = Planner.retry(readOnly, readOnly.retry().writable().orElseThrow(), Optional.empty());
        assertThat(again.decision()).isInstanceOf(Decision.Escalate.class);
        assertThat(((Decision.Escalate) again.decision()).current().name()).isEqualTo("read-only");
        assertThat(again.profile().name()).isEqualTo("workspace-write");
        assertThat(again.flags()).isEmpty();
        assertThat(first.flags()).containsExactly(DELETES);
    }

    @Test
    void aProfileTheModeDoesNotReachAndARefusedUpFrontDomainAreUsageErrors() {
        Assessment a = assessment(part("ls"));
        assertThatThrownBy(() -> Planner.complete(new PlanRequest(a, CATALOG.mode("read-only"), CATALOG, Optional.of("full-access"),
                List.of(), Granted.NOTHING), Optional.empty()))
                .isInstanceOf(AirlockException.class).hasMessageContaining("cannot use profile full-access");
        assertThatThrownBy(() -> complete("default", a, List.of("localhost"), Granted.NOTHING, Optional.empty()))
                .isInstanceOf(AirlockException.class).hasMessageContaining("--allow-domain localhost is refused");
    }
}
