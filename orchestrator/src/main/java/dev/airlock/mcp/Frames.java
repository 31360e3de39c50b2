package dev.airlock.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one line of the stdio transport as JSON-RPC 2.0, the way MCP uses it: one message per line, objects
 * only (no batches), string or integer ids. Anything else becomes the error JSON-RPC prescribes instead of an
 * exception, so no input can stop the server. Pure: the same line always gives the same answer.
 */
final class Frames {

    static final String CANCELLED = "notifications/cancelled";
    private static final int SHOWN = 160;

    private final McpJsonMapper json;

    Frames(McpJsonMapper json) {
        this.json = Objects.requireNonNull(json);
    }

    Inbound classify(String line) {
        if (line.isBlank()) {
            return new Inbound.Ignore("blank line");
        }
        Object value;
        try {
            value = json.readValue(line, Object.class);
        } catch (java.io.IOException | RuntimeException e) {
            return new Inbound.Reject(ErrorCodes.PARSE_ERROR, "Parse error: the line is not JSON ("
                    + shortly(e.getMessage()) + "); send one JSON-RPC message per line", null);
        }
        if (value instanceof List<?>) {
            return new Inbound.Reject(ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: batches are not supported by MCP; send one JSON-RPC object per line", null);
        }
        if (!(value instanceof Map<?, ?> raw)) {
            return new Inbound.Reject(ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: expected a JSON-RPC object, got " + shortly(String.valueOf(value)), null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) raw;
        return map.containsKey("method") ? call(map) : reply(map);
    }

    /** A request (with an id) or a notification (without). */
    private Inbound call(Map<String, Object> map) {
        boolean hasId = map.containsKey("id");
        Object id = RequestKey.of(map.get("id")).isPresent() ? map.get("id") : null;
        if (hasId && id == null) {
            return new Inbound.Reject(ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: id must be a string or an integer, got " + shortly(String.valueOf(map.get("id"))), null);
        }
        if (!McpSchema.JSONRPC_VERSION.equals(map.get("jsonrpc"))) {
            return new Inbound.Reject(ErrorCodes.INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\"", id);
        }
        if (!(map.get("method") instanceof String method) || method.isBlank()) {
            return new Inbound.Reject(ErrorCodes.INVALID_REQUEST, "Invalid Request: \"method\" must be a non-empty string", id);
        }
        Object params = map.get("params");
        if (params != null && !(params instanceof Map)) {
            return hasId
                    ? new Inbound.Reject(ErrorCodes.INVALID_PARAMS, "Invalid params: \"params\" must be an object", id)
                    : new Inbound.Ignore("notification " + method + " with params that are not an object");
        }
        if (!hasId && method.equals(CANCELLED)) {
            return cancellation(params);
        }
        try {
            return new Inbound.Deliver(hasId ? json.convertValue(map, McpSchema.JSONRPCRequest.class)
                    : json.convertValue(map, McpSchema.JSONRPCNotification.class));
        } catch (RuntimeException e) {
            return hasId ? new Inbound.Reject(ErrorCodes.INVALID_REQUEST, "Invalid Request: " + shortly(e.getMessage()), id)
                    : new Inbound.Ignore("malformed notification " + method + ": " + shortly(e.getMessage()));
        }
    }

    /** A response to a request the server sent (an elicitation); JSON-RPC never answers a response. */
    private Inbound reply(Map<String, Object> map) {
        if (!map.containsKey("result") && !map.containsKey("error")) {
            Object id = RequestKey.of(map.get("id")).isPresent() ? map.get("id") : null;
            return new Inbound.Reject(ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: a message needs \"method\" (a request or notification) or \"result\"/\"error\" (a response)", id);
        }
        if (RequestKey.of(map.get("id")).isEmpty()) {
            return new Inbound.Ignore("response without a string or integer id");
        }
        try {
            return new Inbound.Deliver(json.convertValue(map, McpSchema.JSONRPCResponse.class));
        } catch (RuntimeException e) {
            return new Inbound.Ignore("malformed response: " + shortly(e.getMessage()));
        }
    }

    private static Inbound cancellation(Object params) {
        if (!(params instanceof Map<?, ?> p)) {
            return new Inbound.Ignore(CANCELLED + " without params");
        }
        return RequestKey.of(p.get("requestId"))
                .<Inbound>map(key -> new Inbound.Cancel(key, p.get("reason") instanceof String r ? r : "no reason given"))
                .orElseGet(() -> new Inbound.Ignore(CANCELLED + " without a string or integer requestId"));
    }

    /** First line of a message, cut to a size fit to echo back. */
    static String shortly(String text) {
        String first = text == null ? "" : text.lines().findFirst().orElse("").strip();
        return first.length() <= SHOWN ? first : first.substring(0, SHOWN) + "...";
    }
}
