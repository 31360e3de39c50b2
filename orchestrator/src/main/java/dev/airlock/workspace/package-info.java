/**
 * Checkpoints of a workspace: snapshots cheap enough to take before every command that may write it, the
 * changes and unified diff between two of them (or one and now), and an exact, undoable rollback. Kept in a
 * private git store outside the workspace, within a byte budget; masked files are kept as a keyed digest, never
 * their bytes; the user's own {@code .git} is copied in (never through a link) and written only by a rollback.
 */
package dev.airlock.workspace;
