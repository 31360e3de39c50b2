package dev.airlock.mcp;

import java.util.Map;
import java.util.Optional;

/**
 * A JSON-RPC request id as a map key: {@code 7} and {@code "7"} are different ids, and a number read as an
 * {@code Integer} or a {@code Long} is the same one. Travels inside a call's {@code _meta} as {@link #value()}.
 */
record RequestKey(String value) {

    /** The {@code _meta} key under which the transport tells a tool call its own request id. */
    static final String META = "dev.airlock/request";

    /** The key of a valid MCP id (a string or an integer); empty for anything else. */
    static Optional<RequestKey> of(Object id) {
        return switch (id) {
            case Integer i -> Optional.of(new RequestKey("n:" + i));
            case Long l -> Optional.of(new RequestKey("n:" + l));
            case String s -> Optional.of(new RequestKey("s:" + s));
            case null, default -> Optional.empty();
        };
    }

    /** The key the transport stamped into a tool call's {@code _meta}. */
    static Optional<RequestKey> fromMeta(Map<String, Object> meta) {
        return meta == null || !(meta.get(META) instanceof String s) ? Optional.empty() : Optional.of(new RequestKey(s));
    }
}
