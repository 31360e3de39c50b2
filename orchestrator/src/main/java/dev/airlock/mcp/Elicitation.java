package dev.airlock.mcp;

import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import dev.airlock.text.Clean;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code elicit} in {@code airlock mcp --approver}: asks the person in the client's own UI (a form elicitation).
 * It passes the request on, as nobody was asked, when the client cannot ask (no form elicitation, an error) and
 * when it answers faster than anyone could read the question: {@code codex exec} and {@code claude -p} declare
 * elicitation, then decline or cancel every question at once. Such a client is not asked again on this connection.
 */
final class Elicitation implements Approver {

    /** Faster than a person reads a form and answers it: no person answered. */
    static final Duration INSTANT = Duration.ofMillis(500);
    private static final Duration REASON_WAIT = Duration.ofMinutes(2);

    private volatile McpAsyncServerExchange client;
    private volatile String notAsking; // why this client is asked no more, once it answered at once

    void seen(McpAsyncServerExchange exchange) {
        client = exchange;
    }

    @Override
    public String name() {
        return ApproverOrder.ELICIT;
    }

    /** A person answers here, when anyone does: it may approve a switch to a wider mode. */
    @Override
    public boolean person() {
        return true;
    }

    /** Whether the next request would be put to the person through the client. */
    boolean asks() {
        McpAsyncServerExchange c = client;
        return c != null && declaresForms(c.getClientCapabilities()) && notAsking == null;
    }

    /** The client's name as it introduced itself. */
    Optional<String> clientName() {
        return Optional.ofNullable(client).map(McpAsyncServerExchange::getClientInfo).map(McpSchema.Implementation::name)
                .map(Clean::line);
    }

    static boolean declaresForms(McpSchema.ClientCapabilities capabilities) {
        if (capabilities == null || capabilities.elicitation() == null) {
            return false;
        }
        var elicitation = capabilities.elicitation();
        // an empty elicitation capability means form mode (the 2025-06-18 revision had only forms)
        return elicitation.form() != null || elicitation.url() == null;
    }

    /**
     * Why an answer that came after {@code took} was nobody's, or empty when a person may have given it. Any answer
     * that fast is nobody's, a yes too: a client that accepts on its own approves nothing.
     */
    static Optional<String> nobodyAsked(Optional<McpSchema.ElicitResult> result, Duration took, String client) {
        if (took.compareTo(INSTANT) >= 0) {
            return Optional.empty();
        }
        String said = result.map(r -> r.action().name().toLowerCase(Locale.ROOT)).orElse("nothing");
        return Optional.of(client + " answered " + said + " " + took.toMillis() + " ms after it was asked, before anyone"
                + " could read the question, so nobody was asked (a non-interactive run such as codex exec or claude -p)");
    }

    @Override
    public Answer answer(ApprovalRequest request, Instant deadline) {
        McpAsyncServerExchange c = client;
        String label = clientName().orElse("the MCP client");
        if (c == null || !declaresForms(c.getClientCapabilities())) {
            return new Answer.Passed(name(), label + " cannot ask its user (no form elicitation)");
        }
        String already = notAsking;
        if (already != null) {
            return new Answer.Passed(name(), already);
        }
        Duration waits = Duration.between(Instant.now(), deadline);
        if (waits.isNegative() || waits.isZero()) {
            return new Answer.Denied("no time was left to ask", name());
        }
        String by = "user via " + label;
        long start = System.nanoTime();
        Optional<McpSchema.ElicitResult> result;
        try {
            result = Optional.ofNullable(c.createElicitation(ApprovalForm.request(request, waits)).block(waits));
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return new Answer.Denied("the tool call was cancelled before the user answered", name());
            }
            if (String.valueOf(e.getMessage()).startsWith("Timeout on blocking read")
                    || e.getCause() instanceof java.util.concurrent.TimeoutException) {
                return new Answer.Denied("no answer within " + Text.duration(waits), name());
            }
            return new Answer.Passed(name(), label + " could not ask its user (" + Frames.shortly(e.getMessage()) + ")");
        }
        Optional<String> nobody = nobodyAsked(result, Duration.ofNanos(System.nanoTime() - start), label);
        if (nobody.isPresent()) {
            notAsking = nobody.get() + "; it is not asked again on this connection";
            return new Answer.Passed(name(), nobody.get());
        }
        if (result.isEmpty()) {
            return new Answer.Denied("the client gave no answer", by);
        }
        Answer answer = ApprovalForm.answer(result.get(), request, by);
        if (answer instanceof Answer.Denied d && d.reason().equals(ApprovalForm.SAID_NO)) {
            return new Answer.Denied(whyNot(c, request, deadline).map(r -> ApprovalForm.SAID_NO + ": " + r)
                    .orElse(ApprovalForm.SAID_NO), by);
        }
        return answer;
    }

    /** The person said no: asks why, for the agent; no answer is no reason, and the no stands either way. */
    private static Optional<String> whyNot(McpAsyncServerExchange c, ApprovalRequest request, Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        Duration waits = left.compareTo(REASON_WAIT) < 0 ? left : REASON_WAIT;
        if (waits.isNegative() || waits.isZero()) {
            return Optional.empty();
        }
        try {
            return ApprovalForm.reason(c.createElicitation(ApprovalForm.reasonRequest(request)).block(waits));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
