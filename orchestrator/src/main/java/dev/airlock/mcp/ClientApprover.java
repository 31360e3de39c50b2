package dev.airlock.mcp;

import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import dev.airlock.approval.ApproverChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The server's approver: the approvers given before {@code elicit}, then the person through the client (an MCP
 * elicitation form) when the client can really ask, then the approver given at start (the queue, a reviewer, or
 * deny). A client that cannot ask, or answers before anyone could read the question, passes the request on, so
 * the audit names whoever did answer. A decline, a dismissal, a timeout or a cancelled call is a no.
 */
final class ClientApprover implements Approver {

    private final Elicitation elicitation = new Elicitation();
    private final List<Approver> before;
    private final List<Approver> after;
    private final ApproverChain chain;

    ClientApprover(Approver fallback) {
        this(Optional.empty(), fallback);
    }

    ClientApprover(Optional<Approver> before, Approver fallback) {
        this.before = before.map(ClientApprover::flat).orElse(List.of());
        this.after = flat(fallback);
        List<Approver> all = new ArrayList<>(this.before);
        all.add(elicitation);
        all.addAll(this.after);
        this.chain = new ApproverChain(all);
    }

    private static List<Approver> flat(Approver approver) {
        return approver instanceof ApproverChain c ? c.approvers() : List.of(approver);
    }

    /** Remembers the connection a tool call came on; elicitations go to it. */
    void seen(io.modelcontextprotocol.server.McpAsyncServerExchange exchange) {
        elicitation.seen(exchange);
    }

    /** Whether escalations are put to the person through the client (a form elicitation). */
    boolean asksClient() {
        return elicitation.asks();
    }

    /** The client's name as it introduced itself, for messages and the audit log. */
    Optional<String> clientName() {
        return elicitation.clientName();
    }

    @Override
    public Answer answer(ApprovalRequest request, Instant deadline) {
        return chain.answer(request, deadline);
    }

    @Override
    public boolean person() {
        return true;
    }

    /** Who would be asked now, in order: {@code elicit,queue}, or {@code queue} when the client cannot ask. */
    @Override
    public String name() {
        List<Approver> asked = new ArrayList<>(before);
        if (asksClient()) {
            asked.add(elicitation);
        }
        asked.addAll(after);
        return asked.stream().map(Approver::name).collect(Collectors.joining(","));
    }
}
