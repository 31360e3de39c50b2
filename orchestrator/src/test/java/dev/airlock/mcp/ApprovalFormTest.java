package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Grant;
import dev.airlock.approval.RequestKind;
import dev.airlock.approval.Scope;
import dev.airlock.assess.Reason;
import dev.airlock.assess.Tier;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApprovalFormTest {

    static ApprovalRequest request(boolean offersSession) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new ApprovalRequest(ApprovalRequest.newId(), "s-abcdefgh12", new RequestKind.Command(),
                List.of("git", "push"), "git push", "workspace-write", "network-allowlisted", Tier.NETWORK,
                List.of(new Reason(Tier.NETWORK, "network", "github.com")), List.of("github.com"), List.of(),
                Optional.of("publish the fix\u001b[2J"),
                offersSession ? List.of(Grant.prefix(List.of("git", "push"), "network-allowlisted", now)) : List.of(), now);
    }

    @Test
    void theMessageAsksTheThreeQuestionsWithControlCharactersMadeVisible() {
        String message = ApprovalForm.message(request(true), Duration.ofMinutes(5));

        assertThat(message).contains("What will run: git push", "What it affects: NETWORK; network: github.com",
                "needs the sandbox profile network-allowlisted (this session runs in workspace-write)",
                "Is it needed: the agent says \"publish the fix\\u001b[2J\"", "no answer within 5m is a no",
                "Yes for this session would also allow: commands starting `git push`");
        assertThat(message).doesNotContain("\u001b");
    }

    @Test
    void sessionIsOfferedOnlyWhenTheRequestOffersIt() {
        assertThat(answerValues(ApprovalForm.schema(request(true)))).containsExactly("once", "session", "no");
        assertThat(answerValues(ApprovalForm.schema(request(false)))).containsExactly("once", "no");
        assertThat(ApprovalForm.message(request(false), Duration.ofMinutes(1))).contains("Only \"yes, once\" is offered");
    }

    @Test
    void theFormIsAValidSchema() {
        McpJsonDefaults.getSchemaValidator().assertConforms("approval form", ApprovalForm.schema(request(true)));
        assertThat(McpJsonDefaults.getSchemaValidator().validate(ApprovalForm.schema(request(true)),
                Map.of("answer", "once")).valid()).isTrue();
    }

    @ParameterizedTest(name = "{0} {1} (session offered: {2}) -> {3}")
    @CsvSource(textBlock = """
            ACCEPT,  once,    true,  approved once
            ACCEPT,  session, true,  approved session
            ACCEPT,  session, false, approved once
            ACCEPT,  no,      true,  denied
            ACCEPT,  maybe,   true,  denied
            ACCEPT,  ,        true,  denied
            DECLINE, once,    true,  denied
            CANCEL,  once,    true,  denied
            """)
    void onlyAnAcceptedYesApproves(ElicitResult.Action action, String answer, boolean offersSession, String expected) {
        Map<String, Object> content = answer == null ? Map.of() : Map.of("answer", answer);
        Answer a = ApprovalForm.answer(new ElicitResult(action, content), request(offersSession), "user via test");

        String got = switch (a) {
            case Answer.Approved ok -> "approved " + (ok.scope() == Scope.ONCE ? "once" : "session");
            case Answer.Denied d -> "denied";
            case Answer.Passed p -> "passed";
        };
        assertThat(got).isEqualTo(expected);
        assertThat(a.by()).isEqualTo("user via test");
    }

    @Test
    void aNoCarriesThePersonsReason() {
        Answer a = ApprovalForm.answer(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("answer", "no", "reason", "not today")),
                request(true), "user");
        assertThat(a).isEqualTo(new Answer.Denied("the user said no: not today", "user"));
    }

    @SuppressWarnings("unchecked")
    static List<String> answerValues(Map<String, Object> schema) {
        var properties = (Map<String, Map<String, Object>>) schema.get("properties");
        return (List<String>) properties.get("answer").get("enum");
    }
}
