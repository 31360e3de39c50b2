package dev.airlock.mcp;

import dev.airlock.AirlockException;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Runs each tool call on a virtual thread of its own (a command may run for minutes, or wait for a person) and
 * makes sure every outcome is a tool result: a bad argument, an Airlock failure or a bug in a handler becomes
 * an error result the model can read, and the server goes on.
 */
final class Dispatch {

    /** A tool's work; may block. */
    interface Handler {
        CallToolResult call(ToolCall call) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(Dispatch.class);

    private final Calls calls;
    private final ClientApprover approver;
    private final AtomicInteger running = new AtomicInteger();

    Dispatch(Calls calls, ClientApprover approver) {
        this.calls = calls;
        this.approver = approver;
    }

    AsyncToolSpecification tool(McpSchema.Tool tool, Handler handler) {
        return AsyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> Mono.fromFuture(() -> {
                    var result = new CompletableFuture<CallToolResult>();
                    Calls.Call state = calls.of(RequestKey.fromMeta(request.meta()));
                    running.incrementAndGet();
                    Thread.ofVirtual().name("airlock-mcp-" + tool.name()).start(() -> {
                        state.attach(Thread.currentThread());
                        try {
                            approver.seen(exchange);
                            result.complete(handle(tool.name(), handler, new ToolCall(new Args(request.arguments()), exchange,
                                    Optional.ofNullable(request.progressToken()), state)));
                        } finally {
                            state.detach();
                            synchronized (running) {
                                running.decrementAndGet();
                                running.notifyAll();
                            }
                        }
                    });
                    return result;
                }))
                .build();
    }

    private static CallToolResult handle(String name, Handler handler, ToolCall call) {
        try {
            return handler.call(call);
        } catch (Args.Bad e) {
            return Replies.error(name + ": " + e.getMessage() + " (tools/list shows the input schema)");
        } catch (AirlockException e) {
            return Replies.error(e);
        } catch (Exception | Error e) {
            if (call.cancelled().isPresent()) {
                log.debug("tool {} ended by its cancellation", name, e);
                return Replies.error(name + " was cancelled: " + call.cancelled().get());
            }
            log.error("tool {} failed", name, e);
            return Replies.error("Airlock failed inside " + name + " (" + e + "); the server goes on, and the error is on "
                    + "its stderr. Try again, or tell the user.");
        }
    }

    /** Waits, at most {@code limit}, for running tool calls to end (cancelled calls remove their containers). */
    void awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (running) {
            while (running.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                running.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
