package dev.airlock.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * MCP over stdio, one connection per process. Used instead of the SDK's stdio transport, which closes the
 * connection at the first line it cannot parse: here a malformed line gets the JSON-RPC error it deserves and
 * the server reads on. Besides, it answers requests sent before {@code initialize} (the SDK would hold them
 * forever), tells each {@code tools/call} its request id (in {@code _meta}, see {@link RequestKey#META}) and
 * turns {@code notifications/cancelled} into a cancelled {@link Calls.Call}, whose late answer it drops.
 */
final class StdioTransport implements McpServerTransportProvider {

    private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);

    private final McpJsonMapper json;
    private final Frames frames;
    private final InputStream in;
    private final OutputStream out;
    private final Calls calls;
    private final int maxLine;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile McpServerSession session;
    private volatile boolean initializeSeen;

    StdioTransport(McpJsonMapper json, InputStream in, OutputStream out, Calls calls, int maxLine) {
        this.json = json;
        this.frames = new Frames(json);
        this.in = in;
        this.out = out;
        this.calls = calls;
        this.maxLine = maxLine;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        session = factory.create(new Channel());
        // a platform daemon thread: a blocking read of stdin must not keep the JVM alive after the server ends
        Thread.ofPlatform().daemon().name("airlock-mcp-stdin").start(this::read);
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return session == null ? Mono.empty() : session.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::end);
    }

    /** Blocks until the client closed its end (or the server was closed). */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    private void read() {
        try {
            Lines lines = new Lines(in, maxLine);
            for (Lines.Line line = lines.next(); line != null && !closed.get(); line = lines.next()) {
                if (line.tooLong()) {
                    write(new Inbound.Reject(ErrorCodes.INVALID_REQUEST, "Invalid Request: a message is limited to "
                            + maxLine + " bytes", null).response());
                    continue;
                }
                try {
                    handle(frames.classify(line.text()));
                } catch (RuntimeException e) {
                    // nothing a client sends may end the connection
                    log.warn("could not handle a message: {}", e.toString());
                }
            }
        } catch (IOException e) {
            log.debug("stdin ended: {}", e.toString());
        } finally {
            end();
        }
    }

    private void handle(Inbound inbound) {
        switch (inbound) {
            case Inbound.Deliver d -> deliver(d.message());
            case Inbound.Reject r -> write(r.response());
            case Inbound.Cancel c -> calls.cancel(c.request(), c.reason());
            case Inbound.Ignore i -> log.debug("ignored: {}", i.why());
        }
    }

    private void deliver(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request) {
            if (!initializeSeen && !request.method().equals(McpSchema.METHOD_INITIALIZE)) {
                write(request.method().equals(McpSchema.METHOD_PING)
                        ? McpSchema.JSONRPCResponse.result(request.id(), Map.of())
                        : new Inbound.Reject(ErrorCodes.INVALID_REQUEST, "Invalid Request: the connection is not "
                                + "initialized; send initialize first", request.id()).response());
                return;
            }
            initializeSeen = true;
            RequestKey.of(request.id()).ifPresent(calls::arrived);
            message = request.method().equals(McpSchema.METHOD_TOOLS_CALL) ? stamped(request) : request;
        }
        session.handle(message).subscribe(ignored -> {
        }, e -> log.warn("message not handled: {}", e.toString()));
    }

    /** The request with its own id in {@code _meta}, so the tool knows which cancellation is meant for it. */
    private static McpSchema.JSONRPCRequest stamped(McpSchema.JSONRPCRequest request) {
        Map<String, Object> params = request.params() instanceof Map<?, ?> p ? copy(p) : new HashMap<>();
        Map<String, Object> meta = params.get("_meta") instanceof Map<?, ?> m ? copy(m) : new HashMap<>();
        meta.put(RequestKey.META, RequestKey.of(request.id()).orElseThrow().value());
        params.put("_meta", meta);
        return new McpSchema.JSONRPCRequest(request.jsonrpc(), request.method(), request.id(), params);
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> out = new HashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private void write(Object message) {
        if (closed.get()) {
            return;
        }
        try {
            byte[] line = json.writeValueAsBytes(message);
            synchronized (out) {
                out.write(line);
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            log.debug("stdout closed: {}", e.toString());
            end();
        }
    }

    private void end() {
        if (closed.compareAndSet(false, true)) {
            calls.cancelAll("the client disconnected");
            McpServerSession s = session;
            if (s != null) {
                s.close();
            }
            ended.countDown();
        }
    }

    /** The SDK session's side of the connection. */
    private final class Channel implements McpServerTransport {

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.fromRunnable(() -> {
                if (message instanceof McpSchema.JSONRPCResponse response && calls.answered(response.id())) {
                    log.debug("dropped the answer to cancelled request {}", response.id());
                    return;
                }
                write(message);
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return json.convertValue(data, type);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(StdioTransport.this::end);
        }

        @Override
        public void close() {
            StdioTransport.this.end();
        }
    }
}
