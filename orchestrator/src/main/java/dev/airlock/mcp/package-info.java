/**
 * {@code airlock mcp}: a stdio MCP server whose tools are thin faces over one session ({@link dev.airlock.app.Task})
 * per connection. Escalations ask the person through the client (elicitation) when it can, else the approver
 * given at start. Built on the official MCP Java SDK, with a transport of its own that answers malformed input
 * with JSON-RPC errors instead of closing, and that turns {@code notifications/cancelled} into stopped commands.
 */
package dev.airlock.mcp;
