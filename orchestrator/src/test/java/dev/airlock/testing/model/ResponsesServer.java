package dev.airlock.testing.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted model on loopback that speaks enough of the OpenAI Responses streaming API (server-sent events,
 * {@code function_call} output items, {@code function_call_output} input items) for Codex CLI: to the first
 * request of a turn it answers with one call of the tool whose name ends in {@link #tool} with the scripted
 * arguments; once the tool's result comes back it records it and ends the turn with a message quoting it.
 * No real model is called.
 */
public final class ResponsesServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final String tool;
    private final ObjectNode arguments;
    private final AtomicInteger ids = new AtomicInteger();
    /** Every request body, in order. */
    public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    /** What came back from the tool, as the client sent it to the model. */
    public final List<String> toolOutputs = new CopyOnWriteArrayList<>();
    /** Requests to paths other than {@code /v1/responses}. */
    public final List<String> otherPaths = new CopyOnWriteArrayList<>();

    private ResponsesServer(HttpServer http, String tool, ObjectNode arguments) {
        this.http = http;
        this.tool = tool;
        this.arguments = arguments;
    }

    /** Starts on an ephemeral loopback port; each turn calls {@code tool} once with {@code arguments}. */
    public static ResponsesServer start(String tool, java.util.Map<String, Object> arguments) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ResponsesServer server = new ResponsesServer(http, tool, JSON.valueToTree(arguments));
        http.createContext("/", server::handle);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        return server;
    }

    /** The base URL a client's provider config names ({@code http://127.0.0.1:PORT/v1}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
    }

    /** The names of the tools the client offered in its last request (namespaced ones as {@code ns.name}). */
    public List<String> offeredTools() {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode t : requests.getLast().path("tools")) {
            if (t.has("tools")) {
                t.path("tools").forEach(inner -> names.add(t.path("name").asText() + "." + inner.path("name").asText()));
            } else {
                names.add(t.path("name").asText());
            }
        }
        return names;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST") || !path.endsWith("/responses")) {
                otherPaths.add(exchange.getRequestMethod() + " " + path);
                byte[] none = "{\"data\":[],\"models\":[]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(path.endsWith("/models") ? 200 : 404, none.length);
                exchange.getResponseBody().write(none);
                return;
            }
            JsonNode request = JSON.readTree(body);
            requests.add(request);
            List<ObjectNode> items = reply(request);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            String id = "resp_" + ids.incrementAndGet();
            ObjectNode created = JSON.createObjectNode().put("type", "response.created");
            created.putObject("response").put("id", id);
            event(out, created);
            for (int i = 0; i < items.size(); i++) {
                ObjectNode done = JSON.createObjectNode().put("type", "response.output_item.done").put("output_index", i);
                done.set("item", items.get(i));
                event(out, done);
            }
            ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
            ObjectNode response = completed.putObject("response").put("id", id);
            response.putObject("usage").put("input_tokens", 10).put("output_tokens", 5).put("total_tokens", 15);
            event(out, completed);
        }
    }

    /** The turn so far decides: a tool result in the input ends it, else the tool is called. */
    private List<ObjectNode> reply(JsonNode request) {
        Optional<String> output = Optional.empty();
        for (JsonNode item : request.path("input")) {
            if (item.path("type").asText().equals("function_call_output")) {
                JsonNode o = item.path("output");
                output = Optional.of(o.isTextual() ? o.asText() : o.toString());
            }
        }
        if (output.isPresent()) {
            toolOutputs.add(output.get());
            return List.of(message("The tool said: " + output.get()));
        }
        Optional<ObjectNode> call = call(request);
        return List.of(call.orElseGet(() -> message("No tool ending in " + tool + " was offered.")));
    }

    private Optional<ObjectNode> call(JsonNode request) {
        for (JsonNode t : request.path("tools")) {
            // Codex offers an MCP server's tools as a namespace of functions, or flat as mcp__server__tool
            if (t.has("tools")) {
                for (JsonNode inner : t.path("tools")) {
                    if (inner.path("name").asText().endsWith(tool)) {
                        return Optional.of(functionCall(inner.path("name").asText(), Optional.of(t.path("name").asText())));
                    }
                }
            } else if (t.path("name").asText().endsWith(tool)) {
                return Optional.of(functionCall(t.path("name").asText(), Optional.empty()));
            }
        }
        return Optional.empty();
    }

    private ObjectNode functionCall(String name, Optional<String> namespace) {
        int n = ids.incrementAndGet();
        ObjectNode item = JSON.createObjectNode().put("type", "function_call").put("id", "fc_" + n)
                .put("call_id", "call_" + n).put("name", name).put("arguments", arguments.toString()).put("status", "completed");
        namespace.ifPresent(ns -> item.put("namespace", ns));
        return item;
    }

    private ObjectNode message(String text) {
        ObjectNode item = JSON.createObjectNode().put("type", "message").put("role", "assistant")
                .put("id", "msg_" + ids.incrementAndGet()).put("status", "completed");
        ArrayNode content = item.putArray("content");
        content.addObject().put("type", "output_text").put("text", text).putArray("annotations");
        return item;
    }

    private static void event(OutputStream out, ObjectNode data) throws IOException {
        out.write(("event: " + data.path("type").asText() + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
