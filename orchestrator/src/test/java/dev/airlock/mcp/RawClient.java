package dev.airlock.mcp;

import dev.airlock.testing.Jar;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client that writes JSON-RPC lines by hand to {@code airlock mcp} and reads what comes back, for what a
 * well-behaved SDK client never sends: garbage, and {@code notifications/cancelled}.
 */
final class RawClient implements AutoCloseable {

    private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();
    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
    };

    final Process process;
    private final OutputStream in;
    private final LinkedBlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
    /** Every message received, in order, for checks on what must never arrive. */
    final java.util.List<Map<String, Object>> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    final StringBuffer stderr = new StringBuffer();
    /** Answers the server's requests (elicitation/create) as soon as they arrive, when set. */
    volatile java.util.function.Function<Map<String, Object>, Map<String, Object>> answerer;

    RawClient(Path state, String... args) throws IOException {
        String[] argv = new String[args.length + 1];
        argv[0] = "mcp";
        System.arraycopy(args, 0, argv, 1, args.length);
        process = Jar.start(state, Map.of(), argv);
        in = process.getOutputStream();
        Thread.ofVirtual().start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Map<String, Object> m = JSON.readValue(line, MAP);
                    var a = answerer;
                    if (a != null && m.containsKey("method") && m.containsKey("id")) {
                        send(Map.of("jsonrpc", "2.0", "id", m.get("id"), "result", a.apply(m)));
                    }
                    all.add(m);
                    received.add(m);
                }
            } catch (IOException e) {
                // the server is gone; waits for more time out
            }
        });
        Thread.ofVirtual().start(() -> {
            try (var err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    stderr.append(line).append('\n');
                }
            } catch (IOException e) {
                // gone
            }
        });
    }

    void initialize() {
        initialize(Map.of(), "raw");
    }

    /** Initializes with these client capabilities ({@code elicitation: {}}) and name. */
    void initialize(Map<String, Object> capabilities, String name) {
        send(Map.of("jsonrpc", "2.0", "id", 0, "method", "initialize", "params", Map.of("protocolVersion", "2025-06-18",
                "capabilities", capabilities, "clientInfo", Map.of("name", name, "version", "1"))));
        response(0, Duration.ofSeconds(60));
        send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
    }

    void send(Map<String, Object> message) {
        try {
            line(JSON.writeValueAsString(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void line(String text) {
        bytes((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void bytes(byte[] data) {
        try {
            in.write(data);
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void call(Object id, String tool, Map<String, Object> arguments, Map<String, Object> meta) {
        send(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
                "params", Map.of("name", tool, "arguments", arguments, "_meta", meta)));
    }

    /** The next message that matches, skipping the others; fails after {@code within}. */
    Map<String, Object> await(Predicate<Map<String, Object>> wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (true) {
                Map<String, Object> m = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("no matching message within " + within + "; server stderr:\n" + stderr);
                }
                if (wanted.test(m)) {
                    return m;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message, whatever it is. */
    Map<String, Object> next(Duration within) {
        return await(m -> true, within);
    }

    Map<String, Object> response(Object id, Duration within) {
        return await(m -> id.equals(m.get("id")) && (m.containsKey("result") || m.containsKey("error")), within);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
