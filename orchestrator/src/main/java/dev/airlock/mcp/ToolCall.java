package dev.airlock.mcp;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.time.Duration;
import java.util.Optional;

/**
 * One {@code tools/call} as a tool handler sees it: its arguments, the client it came from, the progress token
 * the client gave (if any) and whether the client has cancelled it.
 */
record ToolCall(Args args, McpAsyncServerExchange exchange, Optional<Object> progressToken, Calls.Call state) {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration SEND = Duration.ofSeconds(10);

    /** Progress notifications for this call, or none when the client did not ask for them. */
    Progress progress() {
        if (progressToken.isEmpty()) {
            return Progress.NONE;
        }
        Object token = progressToken.get();
        return Progress.start((n, message) -> exchange.progressNotification(ProgressNotification.builder(token, n)
                .message(message).build()).block(SEND), INTERVAL, HEARTBEAT);
    }

    Optional<String> cancelled() {
        return state.cancelled();
    }
}
