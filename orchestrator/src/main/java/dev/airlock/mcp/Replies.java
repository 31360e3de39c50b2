package dev.airlock.mcp;

import dev.airlock.text.Clean;
import dev.airlock.AirlockException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;

/**
 * Tool results: text for the model to read, and for some tools the same facts as structured content. Every
 * text passes {@link Clean#lines} here, whatever built it, so no result carries an escape sequence or a bidi
 * or zero-width character; what must stay on one line (names, commands) was cleaned with {@link Clean#line}
 * where it was written.
 */
final class Replies {

    private Replies() {
    }

    static CallToolResult text(String text) {
        return CallToolResult.builder().content(List.of(content(text))).isError(false).build();
    }

    static CallToolResult structured(String text, Map<String, Object> structured) {
        return CallToolResult.builder().content(List.of(content(text))).structuredContent(structured)
                .isError(false).build();
    }

    /** A tool error the model can act on: what went wrong and what it can do. */
    static CallToolResult error(String text) {
        return CallToolResult.builder().content(List.of(content(text))).isError(true).build();
    }

    static CallToolResult error(String text, Map<String, Object> structured) {
        return CallToolResult.builder().content(List.of(content(text))).structuredContent(structured)
                .isError(true).build();
    }

    private static TextContent content(String text) {
        return TextContent.builder(Clean.lines(text)).build();
    }

    /** An Airlock failure as the CLI prints it: the message, then what to do. */
    static CallToolResult error(AirlockException e) {
        return error(e.getMessage() + (e.hint().isEmpty() ? "" : "\nwhat to do: " + e.hint()));
    }
}
