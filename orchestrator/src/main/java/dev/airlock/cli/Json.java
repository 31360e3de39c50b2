package dev.airlock.cli;

import dev.airlock.text.Clean;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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
}
