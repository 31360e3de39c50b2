/**
 * A session is one task: its workspace, mode and sandboxes. {@link dev.airlock.session.Session#execute} is
 * the way every command travels (DESIGN.md): plan the profile, build the container spec, run, report.
 * The CLI and the MCP server are thin faces over it.
 */
package dev.airlock.session;
