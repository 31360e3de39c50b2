package dev.airlock.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Objects;

/** What one line read from the client comes to: a message for the SDK, an error to answer, a cancellation, or nothing. */
sealed interface Inbound permits Inbound.Deliver, Inbound.Reject, Inbound.Cancel, Inbound.Ignore {

    /** A well-formed JSON-RPC message, for the SDK's session. */
    record Deliver(McpSchema.JSONRPCMessage message) implements Inbound {
        public Deliver {
            Objects.requireNonNull(message);
        }
    }

    /** Malformed input that gets a JSON-RPC error response (id {@code null} when none could be read). */
    record Reject(int code, String message, Object id) implements Inbound {
        public Reject {
            Objects.requireNonNull(message);
        }

        /** The response as JSON values; the SDK's own response type refuses the {@code null} id JSON-RPC asks for here. */
        java.util.Map<String, Object> response() {
            var error = new java.util.LinkedHashMap<String, Object>();
            error.put("code", code);
            error.put("message", message);
            var out = new java.util.LinkedHashMap<String, Object>();
            out.put("jsonrpc", McpSchema.JSONRPC_VERSION);
            out.put("id", id);
            out.put("error", error);
            return out;
        }
    }

    /** {@code notifications/cancelled}: the client gave up on a request. */
    record Cancel(RequestKey request, String reason) implements Inbound {
        public Cancel {
            Objects.requireNonNull(request);
            Objects.requireNonNull(reason);
        }
    }

    /** Nothing to do or say (a blank line, a malformed notification or response: JSON-RPC answers neither). */
    record Ignore(String why) implements Inbound {
        public Ignore {
            Objects.requireNonNull(why);
        }
    }
}
