package dev.airlock.approval;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON form of approval values, as files on disk and as the request an external reviewer reads.
 * Strict where a torn or doubled write could slip through: trailing text and duplicate keys are errors.
 */
public final class ApprovalJson {

    private static final ObjectMapper MAPPER = dev.airlock.json.JsonMappers.RECORDS;

    private ApprovalJson() {
    }

    /** A mapper that reads and writes {@link ApprovalRequest}, {@link Answer} and {@link Grant}. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
