package dev.airlock.agents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import dev.airlock.approval.RequestKind;
import dev.airlock.approval.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Approvals a person gives in a client's own permission prompt. When Airlock needs a person for a command of an
 * attended Claude Code, the hook asks Claude Code to show its prompt with Airlock's three questions, and puts a
 * one-time token into the rewritten line; the line only runs when the person said yes there, and then the token
 * approves exactly that command, in that session, once, within ten minutes. Tokens live in Airlock's private
 * state folder ({@code agents/prompt-grants/}); the sandbox, where every other command of the agent runs, cannot
 * reach Airlock at all, so a token it learnt is worth nothing to it.
 */
public final class PromptGrants {

    static final Duration LIFETIME = Duration.ofMinutes(10);

    private final OneTimeTokens tokens;

    public PromptGrants(Path state) {
        this.tokens = new OneTimeTokens(state.resolve("agents").resolve("prompt-grants"), LIFETIME);
    }

    /** A fresh token for this command of this session. */
    public String mint(String session, List<String> argv, Instant now) {
        ObjectNode doc = JsonEdits.JSON.createObjectNode();
        doc.put("session", session);
        argv.forEach(doc.putArray("argv")::add);
        return tokens.mint(doc, now);
    }

    /** The approver a rewritten line brings: yes once for the command its token was minted for, else it passes. */
    public Approver approver(String token, java.time.Clock clock) {
        return new Approver() {
            @Override
            public Answer answer(ApprovalRequest request, Instant deadline) {
                if (!(request.kind() instanceof RequestKind.Command)) {
                    return new Answer.Passed(name(), "no approval from Claude Code's prompt for this request");
                }
                var doc = tokens.take(token, clock.instant()).orElse(null);
                if (doc == null) {
                    return new Answer.Passed(name(), "Claude Code's approval was used already, never given, or is too old");
                }
                List<String> argv = new ArrayList<>();
                doc.path("argv").forEach(a -> argv.add(a.asText()));
                if (doc.path("session").asText().equals(request.session()) && argv.equals(request.argv())) {
                    return new Answer.Approved(Scope.ONCE, "a person in Claude Code's permission prompt");
                }
                return new Answer.Passed(name(), "Claude Code's approval was for another command");
            }

            @Override
            public String name() {
                return "claude-code-prompt";
            }

            @Override
            public boolean person() {
                return true;
            }
        };
    }
}
