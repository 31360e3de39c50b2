package dev.airlock.cli;

import dev.airlock.text.Clean;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one JSON writer of the CLI's {@code --json} outputs: stable field order, indented, one document per call. */
final class Json {

    static final ObjectMapper MAPPER = dev.airlock.json.JsonMappers.OUTPUT;

    private Json() {
    }

    static String write(Object value) {
        try {
            // names and commands in it are the agent's: escaped so a terminal shows the document, not draws it
            return Clean.json(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** One document on one line (a JSON Lines record), escaped like {@link #write}. */
    static String line(Object value) {
        try {
            return Clean.json(dev.airlock.json.JsonMappers.LINES.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A document of its own: {@code version} first, then the fields. */
    static Map<String, Object> document(Map<String, ?> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", JsonVersion.VERSION);
        m.putAll(fields);
        return m;
    }

    /** Fields in the order given: {@code fields("a", 1, "b", 2)}. */
    static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    /** A value another package shapes (an audit event, the report) as a document: {@code version} first, absent optionals left out. */
    static ObjectNode versioned(Object value) {
        ObjectNode node = dev.airlock.json.JsonMappers.LINES.createObjectNode().put("version", JsonVersion.VERSION);
        node.setAll((ObjectNode) dev.airlock.json.JsonMappers.LINES.valueToTree(value));
        return node;
    }
}
