/**
 * Checkpoints of a workspace: snapshots cheap enough to take before every command that may write it, the
 * changes and unified diff between two of them (or one and now), and an exact, undoable rollback. Kept in a
 * private git store outside the workspace; the user's own {@code .git} is never read or written.
 */
package dev.airlock.workspace;
