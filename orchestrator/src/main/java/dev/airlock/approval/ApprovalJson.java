package dev.airlock.approval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/**
 * The JSON form of approval values, as files on disk and as the request an external reviewer reads.
 * Strict where a torn or doubled write could slip through: trailing text and duplicate keys are errors.
 */
public final class ApprovalJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ApprovalJson() {
    }

    /** A mapper that reads and writes {@link ApprovalRequest}, {@link Answer} and {@link Grant}. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
