package dev.airlock.testing.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A scripted stand-in for the Anthropic Messages API on loopback, enough of it to drive a real coding agent: each
 * request that offers tools gets the script's next tool call (counted by the tool results the conversation holds
 * so far), streamed as server-sent events the way the real API streams them, and the last reply is plain text.
 * Every tool result the agent sends back is kept, so a test reads what reached the model.
 */
public final class ModelServer implements AutoCloseable {

    /** One step of the script: call this tool with this input. */
    public record ToolCall(String tool, Map<String, Object> input) {
    }

    /** What the agent sent back for a tool call: the text of its content, and whether it said it is an error. */
    public record ToolResult(String toolUseId, String text, boolean isError) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<ToolCall> script;
    private final String finalText;
    private final List<ToolResult> results = new CopyOnWriteArrayList<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    private ModelServer(List<ToolCall> script, String finalText) throws IOException {
        this.script = List.copyOf(script);
        this.finalText = finalText;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on a free loopback port that plays {@code script}, then answers {@code finalText}. */
    public static ModelServer start(List<ToolCall> script, String finalText) throws IOException {
        return new ModelServer(script, finalText);
    }

    /** The base URL to give the agent ({@code ANTHROPIC_BASE_URL}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The tool results the agent sent, in order (each once, however often the conversation repeated it). */
    public List<ToolResult> toolResults() {
        return List.copyOf(results);
    }

    /** The bodies of every request that offered tools. */
    public List<JsonNode> agentRequests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestMethod().equals("POST") || !path.endsWith("/v1/messages")) {
                // token counting, health and anything else the client asks on the side
                reply(exchange, 200, "application/json", path.endsWith("count_tokens") ? "{\"input_tokens\":1}" : "{}");
                return;
            }
            JsonNode request = JSON.readTree(body);
            boolean stream = request.path("stream").asBoolean(false);
            JsonNode tools = request.path("tools");
            if (!tools.isArray() || tools.isEmpty()) {
                // a side request (a title, a summary, a quota probe): a short answer, no tools
                answer(exchange, stream, List.of(text("ok")), "end_turn");
                return;
            }
            requests.add(request);
            int seen = collectResults(request.path("messages"));
            if (seen < script.size()) {
                ToolCall call = script.get(seen);
                ObjectNode use = JSON.createObjectNode();
                use.put("type", "tool_use");
                use.put("id", "toolu_airlock_" + seen);
                use.put("name", call.tool());
                use.set("input", JSON.valueToTree(call.input()));
                answer(exchange, stream, List.of(use), "tool_use");
            } else {
                answer(exchange, stream, List.of(text(finalText)), "end_turn");
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    /** Records the tool results the conversation holds that were not seen yet; returns how many it holds. */
    private int collectResults(JsonNode messages) {
        int count = 0;
        for (JsonNode message : messages) {
            JsonNode content = message.path("content");
            if (!message.path("role").asText().equals("user") || !content.isArray()) {
                continue;
            }
            for (JsonNode block : content) {
                if (!block.path("type").asText().equals("tool_result")) {
                    continue;
                }
                count++;
                String id = block.path("tool_use_id").asText();
                if (results.stream().noneMatch(r -> r.toolUseId().equals(id))) {
                    results.add(new ToolResult(id, textOf(block.path("content")), block.path("is_error").asBoolean(false)));
                }
            }
        }
        return count;
    }

    private static String textOf(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        var out = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("text")) {
                out.append(part.path("text").asText());
            }
        }
        return out.toString();
    }

    private static ObjectNode text(String text) {
        ObjectNode block = JSON.createObjectNode();
        block.put("type", "text");
        block.put("text", text);
        return block;
    }

    private static void answer(HttpExchange exchange, boolean stream, List<ObjectNode> blocks, String stopReason) throws IOException {
        ObjectNode message = JSON.createObjectNode();
        message.put("id", "msg_airlock_" + System.nanoTime());
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", "claude-sonnet-4-5");
        message.putNull("stop_sequence");
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", 10);
        usage.put("output_tokens", 10);
        if (!stream) {
            message.set("content", JSON.valueToTree(blocks));
            message.put("stop_reason", stopReason);
            reply(exchange, 200, "application/json", JSON.writeValueAsString(message));
            return;
        }
        message.putArray("content");
        message.putNull("stop_reason");
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        event(out, "message_start", Map.of("type", "message_start", "message", message));
        for (int i = 0; i < blocks.size(); i++) {
            ObjectNode block = blocks.get(i);
            ObjectNode start = block.deepCopy();
            List<Map<String, Object>> deltas = new ArrayList<>();
            if (block.path("type").asText().equals("tool_use")) {
                start.putObject("input");
                String json = JSON.writeValueAsString(block.get("input"));
                // in two pieces, as the real API splits partial JSON anywhere
                int half = json.length() / 2;
                deltas.add(Map.of("type", "input_json_delta", "partial_json", json.substring(0, half)));
                deltas.add(Map.of("type", "input_json_delta", "partial_json", json.substring(half)));
            } else {
                start.put("text", "");
                deltas.add(Map.of("type", "text_delta", "text", block.path("text").asText()));
            }
            event(out, "content_block_start", Map.of("type", "content_block_start", "index", i, "content_block", start));
            for (var delta : deltas) {
                event(out, "content_block_delta", Map.of("type", "content_block_delta", "index", i, "delta", delta));
            }
            event(out, "content_block_stop", Map.of("type", "content_block_stop", "index", i));
        }
        event(out, "message_delta", Map.of("type", "message_delta",
                "delta", Map.of("stop_reason", stopReason), "usage", Map.of("output_tokens", 10)));
        event(out, "message_stop", Map.of("type", "message_stop"));
        out.flush();
    }

    private static void event(OutputStream out, String name, Object data) throws IOException {
        out.write(("event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
