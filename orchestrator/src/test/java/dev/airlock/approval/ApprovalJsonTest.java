package dev.airlock.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.airlock.assess.Assessment;
import dev.airlock.assess.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApprovalJsonTest {

    static Stream<ApprovalRequest> requests() {
        Assessment none = new Assessment(Tier.NETWORK, List.of(), List.of("registry.npmjs.test"), List.of(), List.of(), false);
        return Stream.of(Requests.push(), Requests.remove(),
                ApprovalRequest.of("s-0123456789", new RequestKind.Network("registry.npmjs.test", 443),
                        List.of("npm", "install"), none, "network-allowlisted", "network-allowlisted", Optional.empty(),
                        List.of(Grant.domain("registry.npmjs.test", "network-allowlisted", Requests.AT)), Requests.AT),
                ApprovalRequest.of("s-0123456789", new RequestKind.OnFailure("read-only workspace (EROFS on a.txt)"),
                        List.of("touch", "a.txt"), none, "read-only", "workspace-write", Optional.of(" "), List.of(),
                        Requests.AT));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestsSurviveTheTripThroughJson(ApprovalRequest request) throws Exception {
        byte[] json = ApprovalJson.mapper().writeValueAsBytes(request);

        assertThat(ApprovalJson.mapper().readValue(json, ApprovalRequest.class)).isEqualTo(request);
    }

    @Test
    void requestJsonHasTheFieldsAReviewerReads() throws Exception {
        JsonNode json = ApprovalJson.mapper().valueToTree(Requests.push());

        assertThat(json.get("id").asText()).matches("a-[0-9a-z]{10}");
        assertThat(json.get("kind").get("type").asText()).isEqualTo("command");
        assertThat(json.get("command").asText()).isEqualTo("git push origin main");
        assertThat(json.get("neededProfile").asText()).isEqualTo("network-allowlisted");
        assertThat(json.get("tier").asText()).isEqualTo("NETWORK");
        assertThat(json.get("why").asText()).isEqualTo("publish the fix");
        assertThat(json.get("created").asText()).isEqualTo("2025-05-01T10:00:00Z");
        assertThat(json.get("sessionGrants").get(0).get("kind").asText()).isEqualTo("prefix");
        assertThat(json.get("sessionGrants").get(0).get("scope").asText()).isEqualTo("session");
    }

    @Test
    void aPlainMapperWithTheJdk8ModuleReadsTheSameJson() throws Exception {
        ObjectMapper plain = new ObjectMapper().registerModule(new Jdk8Module());
        ApprovalRequest request = Requests.push();

        assertThat(plain.readValue(plain.writeValueAsString(request), ApprovalRequest.class)).isEqualTo(request);
    }

    @Test
    void answersAreTaggedWithWhatTheySay() throws Exception {
        List<Answer> answers = List.of(new Answer.Approved(Scope.SESSION, "alice"), new Answer.Denied("no", "bob"),
                new Answer.Passed("command:./review"));

        for (Answer a : answers) {
            String json = ApprovalJson.mapper().writeValueAsString(a);
            assertThat(ApprovalJson.mapper().readValue(json, Answer.class)).isEqualTo(a);
        }
        assertThat(ApprovalJson.mapper().writeValueAsString(answers.getFirst()))
                .isEqualTo("{\"answer\":\"approved\",\"scope\":\"session\",\"by\":\"alice\"}");
    }

    @Test
    void blankWhyIsNoWhy() {
        assertThat(requests().toList().get(3).why()).isEmpty();
    }

    @Test
    void grantTimesAreIsoText() throws Exception {
        Grant g = Grant.domain("Example.TEST.", "p", Instant.parse("2025-01-02T03:04:05Z"));

        JsonNode json = ApprovalJson.mapper().valueToTree(g);

        assertThat(json.get("at").asText()).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(json.get("value").asText()).isEqualTo("example.test");
    }
}
