package dev.airlock.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/**
 * Every {@link ObjectMapper} of Airlock, built here once each (they are thread-safe; callers never reconfigure
 * them). Each is named for the documents it reads and writes; all write instants as ISO-8601 text.
 */
public final class JsonMappers {

    /**
     * Records kept on disk and read back (approval requests, answers, grants): strict where a torn or doubled
     * write could slip through (trailing text and duplicate keys are errors); fields a newer Airlock added are
     * ignored.
     */
    public static final ObjectMapper RECORDS = base()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * One event per line (the audit log, reports): absent optionals left out, unknown fields ignored (a newer
     * Airlock may add some), anything after the value on a line means the line is damaged.
     */
    public static final ObjectMapper LINES = base()
            .serializationInclusion(JsonInclude.Include.NON_ABSENT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** What the CLI prints with {@code --json}: indented, in the values' own field order. */
    public static final ObjectMapper OUTPUT = base()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /** Configuration a person writes (profiles, modes, rules): a key given twice is an error, not a guess. */
    public static final ObjectMapper CONFIG = base()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Airlock's own notes beside its data (checkpoint metadata): fields a newer Airlock added are ignored. */
    public static final ObjectMapper NOTES = base()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Trees read and written as they are (the client's hello, session.json, the seccomp profile). */
    public static final ObjectMapper TREES = base().build();

    /** Another program's settings that Airlock edits (Claude Code's settings.json): indented like a person's file. */
    public static final ObjectMapper EDITS = base()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** JSON with comments and trailing commas, as devcontainer.json may be written. */
    public static final ObjectMapper JSONC = base()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private JsonMappers() {
    }

    private static JsonMapper.Builder base() {
        return JsonMapper.builder().addModule(new Jdk8Module()).addModule(IsoInstants.module());
    }
}
