package dev.airlock.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JSON Schema (2020-12) builders for tool inputs and outputs, as the plain maps the SDK takes. */
final class Schemas {

    private Schemas() {
    }

    /** An object with these properties, of which {@code required} must be given. */
    static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "object");
        out.put("properties", properties);
        if (!required.isEmpty()) {
            out.put("required", required);
        }
        return out;
    }

    static Map<String, Object> string(String description) {
        return typed("string", description);
    }

    static Map<String, Object> string(String description, int minLength, int maxLength) {
        Map<String, Object> out = typed("string", description);
        out.put("minLength", minLength);
        out.put("maxLength", maxLength);
        return out;
    }

    static Map<String, Object> oneOf(String description, List<String> values) {
        Map<String, Object> out = typed("string", description);
        out.put("enum", values);
        return out;
    }

    static Map<String, Object> integer(String description, long minimum, long maximum) {
        Map<String, Object> out = typed("integer", description);
        out.put("minimum", minimum);
        out.put("maximum", maximum);
        return out;
    }

    static Map<String, Object> bool(String description) {
        return typed("boolean", description);
    }

    static Map<String, Object> strings(String description, int minItems, int maxItems) {
        Map<String, Object> out = typed("array", description);
        out.put("items", Map.of("type", "string", "minLength", 1, "maxLength", 253));
        out.put("minItems", minItems);
        out.put("maxItems", maxItems);
        return out;
    }

    /** A property of a type, described; for outputs, where the description is all a reader needs. */
    static Map<String, Object> typed(String type, String description) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", type);
        out.put("description", description);
        return out;
    }

    /** Properties in the order written: {@code props("a", schemaA, "b", schemaB)}. */
    static Map<String, Object> props(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
