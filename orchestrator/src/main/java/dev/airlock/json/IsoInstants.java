package dev.airlock.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Instants as ISO-8601 text ({@code 2026-12-02T05:49:28Z}), the one form Airlock writes them in: registered in
 * every {@link JsonMappers} setup, and nameable on a field ({@code @JsonSerialize(using = IsoInstants.Write.class)})
 * for values another mapper may write (the build carries no JSR-310 module).
 */
public final class IsoInstants {

    private IsoInstants() {
    }

    /** Writes an instant as its ISO-8601 text. */
    public static final class Write extends StdScalarSerializer<Instant> {
        public Write() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    /** Reads ISO-8601 text; anything else is the reader's error, named as "not an ISO-8601 instant". */
    public static final class Read extends StdScalarDeserializer<Instant> {
        public Read() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return Instant.parse(text == null ? "" : text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
            }
        }
    }

    static SimpleModule module() {
        return new SimpleModule("iso-instants").addSerializer(Instant.class, new Write()).addDeserializer(Instant.class, new Read());
    }
}
