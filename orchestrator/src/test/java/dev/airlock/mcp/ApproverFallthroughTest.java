package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import dev.airlock.approval.ApproverChain;
import dev.airlock.approval.Scope;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who answers an escalation in {@code airlock mcp}: the person through the client only when the client can
 * really ask; otherwise the request falls through to the approvers given at start, and the answer names them.
 */
class ApproverFallthroughTest {

    /** An approver that records being asked and answers as told. */
    record Fake(String name, Answer answer, List<String> asked) implements Approver {
        Fake(String name, Answer answer) {
            this(name, answer, new CopyOnWriteArrayList<>());
        }

        @Override
        public Answer answer(ApprovalRequest request, Instant deadline) {
            asked.add(request.id());
            return answer;
        }

        @Override
        public boolean person() {
            return name.equals("queue");
        }
    }

    static Instant soon() {
        return Instant.now().plusSeconds(60);
    }

    @ParameterizedTest(name = "{0} after {1} ms -> {2}")
    @CsvSource(textBlock = """
            DECLINE, 3,     nobody
            CANCEL,  0,     nobody
            ACCEPT,  40,    nobody
            DECLINE, 499,   nobody
            DECLINE, 500,   person
            CANCEL,  2000,  person
            ACCEPT,  9000,  person
            """)
    void anAnswerFasterThanAPersonReadsIsNobodys(ElicitResult.Action action, long millis, String who) {
        Optional<String> nobody = Elicitation.nobodyAsked(Optional.of(new ElicitResult(action, Map.of())),
                Duration.ofMillis(millis), "codex-mcp-client");

        assertThat(nobody.isPresent() ? "nobody" : "person").isEqualTo(who);
        nobody.ifPresent(why -> assertThat(why).contains("codex-mcp-client answered " + action.name().toLowerCase(),
                "nobody was asked"));
    }

    @Test
    void noAnswerAtAllAtOnceIsNobodysToo() {
        assertThat(Elicitation.nobodyAsked(Optional.empty(), Duration.ofMillis(1), "x")).get().asString()
                .contains("answered nothing");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            none,  false
            empty, true
            form,  true
            url,   false
            """)
    void onlyAClientThatDeclaresFormsIsAsked(String declared, boolean asked) {
        var builder = McpSchema.ClientCapabilities.builder();
        McpSchema.ClientCapabilities caps = switch (declared) {
            case "none" -> builder.build();
            case "empty" -> builder.elicitation().build();
            case "form" -> builder.elicitation(true, false).build();
            default -> builder.elicitation(false, true).build();
        };
        assertThat(Elicitation.declaresForms(caps)).isEqualTo(asked);
    }

    @Test
    void withoutAClientThatAsksTheRequestGoesToTheStartApproverWhichIsNamedAsTheOneWhoAnswered() {
        Fake queue = new Fake("queue", new Answer.Approved(Scope.ONCE, "alice (airlock approve)"));
        ClientApprover approver = new ClientApprover(queue);

        Answer answer = approver.answer(ApprovalFormTest.request(true), soon());

        assertThat(answer).isEqualTo(new Answer.Approved(Scope.ONCE, "alice (airlock approve)"));
        assertThat(queue.asked()).hasSize(1);
        assertThat(approver.name()).isEqualTo("queue");
    }

    @Test
    void approversNamedBeforeElicitAreAskedFirstAndTheirAnswerStands() {
        Fake reviewer = new Fake("command:./review", new Answer.Denied("not on a Friday", "command:./review"));
        Fake queue = new Fake("queue", new Answer.Approved(Scope.ONCE, "alice"));
        ClientApprover approver = new ClientApprover(Optional.of(reviewer), queue);

        Answer answer = approver.answer(ApprovalFormTest.request(true), soon());

        assertThat(answer).isEqualTo(new Answer.Denied("not on a Friday", "command:./review"));
        assertThat(queue.asked()).isEmpty();
        assertThat(approver.name()).isEqualTo("command:./review,queue");
    }

    @Test
    void aReviewerThatPassesLeavesItToTheNextOneEvenInsideAChain() {
        Fake reviewer = new Fake("command:./review", new Answer.Passed("command:./review", "ask a person"));
        Fake queue = new Fake("queue", new Answer.Denied("no", "bob (airlock deny)"));
        ClientApprover approver = new ClientApprover(Optional.of(new ApproverChain(List.of(reviewer))), queue);

        assertThat(approver.answer(ApprovalFormTest.request(true), soon())).isEqualTo(new Answer.Denied("no", "bob (airlock deny)"));
        assertThat(reviewer.asked()).hasSize(1);
        assertThat(queue.asked()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            <none>                          | <none>            | deny
            queue                           | <none>            | queue
            elicit,queue                    | <none>            | queue
            elicit                          | <none>            | deny
            command:./review,elicit,queue   | command:./review  | queue
            queue,elicit                    | queue             | deny
            command:a, elicit ,command:b,queue | command:a      | command:b,queue
            """)
    void elicitSplitsTheSpecIntoBeforeAndAfter(String spec, String before, String after) {
        ApproverOrder order = ApproverOrder.of(spec.equals("<none>") ? null : spec, "deny");

        assertThat(order.before().orElse("<none>").strip()).isEqualTo(before);
        assertThat(order.after().strip()).isEqualTo(after);
    }

    @Test
    void elicitNamedTwiceIsRefused() {
        assertThatThrownBy(() -> ApproverOrder.of("elicit,queue,elicit", "deny")).hasMessageContaining("twice");
    }
}
