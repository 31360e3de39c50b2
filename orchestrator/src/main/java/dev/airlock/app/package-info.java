/**
 * The application layer: the one place for what Airlock does (start, resume and stop a session, execute,
 * preview, request domains, switch mode, diff, rollback, report), its audit writes, grants and defaults, and
 * the composition root. The faces ({@code cli}, {@code mcp}, {@code server}) call it and only translate.
 */
package dev.airlock.app;
