package dev.airlock.mcp;

import dev.airlock.text.Clean;
import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's approver: asks the person through the client (an MCP elicitation form) when the client declared
 * it can, otherwise the approver given at start (the queue, or the terminal of the person who started Airlock).
 * A decline, a dismissal, a timeout, a cancelled call or a client that fails to ask is a no.
 */
final class ClientApprover implements Approver {

    private final Approver fallback;
    private volatile McpAsyncServerExchange client;

    ClientApprover(Approver fallback) {
        this.fallback = Objects.requireNonNull(fallback);
    }

    /** Remembers the connection a tool call came on; elicitations go to it. */
    void seen(McpAsyncServerExchange exchange) {
        client = exchange;
    }

    /** Whether escalations are put to the person through the client (a form elicitation). */
    boolean asksClient() {
        McpAsyncServerExchange c = client;
        if (c == null || c.getClientCapabilities() == null || c.getClientCapabilities().elicitation() == null) {
            return false;
        }
        var elicitation = c.getClientCapabilities().elicitation();
        // an empty elicitation capability means form mode (the 2025-06-18 revision had only forms)
        return elicitation.form() != null || elicitation.url() == null;
    }

    /** The client's name as it introduced itself, for messages and the audit log. */
    Optional<String> clientName() {
        McpAsyncServerExchange c = client;
        return Optional.ofNullable(c).map(McpAsyncServerExchange::getClientInfo).map(McpSchema.Implementation::name)
                .map(Clean::line);
    }

    @Override
    public Answer answer(ApprovalRequest request, Instant deadline) {
        McpAsyncServerExchange c = client;
        if (!asksClient()) {
            return fallback.answer(request, deadline);
        }
        String by = "user via " + clientName().orElse("the MCP client");
        Duration waits = Duration.between(Instant.now(), deadline);
        if (waits.isNegative() || waits.isZero()) {
            return new Answer.Denied("no time was left to ask", name());
        }
        try {
            McpSchema.ElicitResult result = c.createElicitation(ApprovalForm.request(request, waits)).block(waits);
            return result == null ? new Answer.Denied("the client gave no answer", by) : ApprovalForm.answer(result, request, by);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return new Answer.Denied("the tool call was cancelled before the user answered", name());
            }
            if (String.valueOf(e.getMessage()).startsWith("Timeout on blocking read")
                    || e.getCause() instanceof java.util.concurrent.TimeoutException) {
                return new Answer.Denied("no answer within " + Text.duration(waits), name());
            }
            return new Answer.Denied("the client could not ask the user (" + Frames.shortly(e.getMessage()) + ")", name());
        }
    }

    @Override
    public boolean person() {
        return true;
    }

    @Override
    public String name() {
        return asksClient() ? "client" : fallback.name();
    }
}
