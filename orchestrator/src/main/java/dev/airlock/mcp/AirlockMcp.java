package dev.airlock.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The MCP server of {@code airlock mcp}: one session per connection, served over the given streams until the
 * client closes its end. The protocol version is the newest both sides speak (the SDK offers 2024-11-05 up to
 * 2025-11-25). On disconnect, running commands are cancelled and their containers removed before it returns.
 */
public final class AirlockMcp {

    /** The longest message a client may send; a longer line gets an error and is skipped. */
    static final int MAX_LINE = 4 * 1024 * 1024;
    private static final Duration DRAIN = Duration.ofSeconds(20);

    static final String INSTRUCTIONS = """
            Airlock runs your shell commands in disposable sandbox containers over the user's workspace, with the \
            permissions of the session's mode, and asks the user before a command gets more (writing in read-only \
            mode, network access, deleting, paths outside the workspace). Use run_command for shell commands and give \
            a justification; the user reads it when asked. A refusal is a result to work with, not an error to retry. \
            Before commands that need the network, request_network asks for the domains once. diff shows what changed, \
            rollback undoes it, report summarises the session for the user.""";

    private AirlockMcp() {
    }

    /** Serves one connection; returns when the client has gone and the session is closed. */
    public static void serve(Setup setup, InputStream in, OutputStream out) throws InterruptedException {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        Calls calls = new Calls();
        boolean interrupted = false;
        try (Connection connection = new Connection(setup)) {
            Set<String> switchable = new HashSet<>(setup.allowedModes());
            switchable.add(setup.sessions().mode());
            Dispatch dispatch = new Dispatch(calls, connection.approver());
            StdioTransport transport = new StdioTransport(json, in, out, calls, MAX_LINE);
            McpAsyncServer server = McpServer.async(transport)
                    .serverInfo(McpSchema.Implementation.builder("airlock", setup.version()).title("Airlock").build())
                    .instructions(INSTRUCTIONS)
                    .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                    // an elicitation waits for a person: the SDK must not give up on it before the approval timeout
                    .requestTimeout(setup.approvalTimeout().plusMinutes(1))
                    .jsonMapper(json)
                    .tools(tools(connection, dispatch, switchable))
                    .build();
            try {
                transport.awaitEnd();
            } catch (InterruptedException e) {
                interrupted = true; // in the server: the client went; its session is still closed below
            }
            try {
                // the transport cancelled what was running; give those calls time to remove their containers
                dispatch.awaitIdle(DRAIN);
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                Thread.interrupted(); // the session's containers are removed with engine calls an interrupt would break
                server.close();
            }
        }
        if (interrupted) {
            throw new InterruptedException("the client went away");
        }
    }

    private static List<AsyncToolSpecification> tools(Connection connection, Dispatch dispatch, Set<String> switchable) {
        var catalog = connection.setup().catalog();
        var workspace = new WorkspaceTools(connection);
        return List.of(
                dispatch.tool(ToolSpecs.run(), new RunTool(connection)),
                dispatch.tool(ToolSpecs.assess(), new AssessTool(connection)),
                dispatch.tool(ToolSpecs.setMode(catalog, switchable), new ModeTool(connection, Set.copyOf(switchable))),
                dispatch.tool(ToolSpecs.diff(), workspace::diff),
                dispatch.tool(ToolSpecs.rollback(), workspace::rollback),
                dispatch.tool(ToolSpecs.report(), workspace::report),
                dispatch.tool(ToolSpecs.requestNetwork(), new NetworkTool(connection)));
    }
}
