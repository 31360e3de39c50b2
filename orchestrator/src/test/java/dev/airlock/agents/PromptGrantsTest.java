package dev.airlock.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.RequestKind;
import dev.airlock.assess.Tier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptGrantsTest {

    static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    static final List<String> ARGV = List.of("bash", "-c", "rm -r old");

    @TempDir
    Path state;

    private static ApprovalRequest request(String session, List<String> argv, RequestKind kind) {
        return new ApprovalRequest(ApprovalRequest.newId(), session, kind, argv, String.join(" ", argv), "workspace-write",
                "workspace-write", Tier.DESTRUCTIVE, List.of(), List.of(), List.of(), Optional.empty(), List.of(), NOW);
    }

    private Answer answer(String token, ApprovalRequest request, Instant at) {
        return new PromptGrants(state).approver(token, Clock.fixed(at, ZoneOffset.UTC)).answer(request, at.plusSeconds(60));
    }

    @Test
    void aYesInClaudeCodesPromptApprovesThatCommandOnceAndOnlyOnce() {
        String token = new PromptGrants(state).mint("s-1", ARGV, NOW);
        assertThat(answer(token, request("s-1", ARGV, new RequestKind.Command()), NOW.plusSeconds(5)))
                .isInstanceOfSatisfying(Answer.Approved.class, a -> assertThat(a.by()).contains("Claude Code's permission prompt"));
        assertThat(answer(token, request("s-1", ARGV, new RequestKind.Command()), NOW.plusSeconds(6))).isInstanceOf(Answer.Passed.class);
    }

    @Test
    void itApprovesNoOtherCommandSessionOrKindAndNothingLate() {
        var grants = new PromptGrants(state);
        assertThat(answer(grants.mint("s-1", ARGV, NOW), request("s-1", List.of("bash", "-c", "rm -r src"), new RequestKind.Command()), NOW))
                .isInstanceOf(Answer.Passed.class);
        assertThat(answer(grants.mint("s-1", ARGV, NOW), request("s-2", ARGV, new RequestKind.Command()), NOW)).isInstanceOf(Answer.Passed.class);
        assertThat(answer(grants.mint("s-1", ARGV, NOW), request("s-1", ARGV, new RequestKind.OnFailure("read-only")), NOW))
                .isInstanceOf(Answer.Passed.class);
        assertThat(answer(grants.mint("s-1", ARGV, NOW), request("s-1", ARGV, new RequestKind.Command()), NOW.plus(PromptGrants.LIFETIME)))
                .isInstanceOf(Answer.Passed.class);
        assertThat(answer("../../sessions/x", request("s-1", ARGV, new RequestKind.Command()), NOW)).isInstanceOf(Answer.Passed.class);
        assertThat(answer("0123456789abcdef0123456789abcdef", request("s-1", ARGV, new RequestKind.Command()), NOW))
                .isInstanceOf(Answer.Passed.class);
    }

    @Test
    void tokensNobodyUsedAreForgottenWhenTheNextIsMinted() throws Exception {
        var grants = new PromptGrants(state);
        String old = grants.mint("s-1", ARGV, NOW);
        Path file = state.resolve("agents/prompt-grants").resolve(old + ".json");
        java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(NOW.minus(PromptGrants.LIFETIME).minusSeconds(1)));
        grants.mint("s-1", ARGV, NOW);
        assertThat(file).doesNotExist();
    }
}
