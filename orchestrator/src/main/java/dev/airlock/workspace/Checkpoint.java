package dev.airlock.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stored snapshot of a workspace. Its id is short and stable: the first 12 hex digits of the commit
 * that holds it in the private store.
 *
 * @param id       12 lower-case hex digits
 * @param at       when it was taken
 * @param label    what it was taken for, one line (e.g. {@code before c-3: npm install})
 * @param files    files and symlinks it holds
 * @param excluded what it does not hold and why (exclusion rules, nested {@code .git}, sockets, the byte
 *                 budget); the user's own top-level {@code .git} is held beside the files, not counted in them
 */
public record Checkpoint(String id, Instant at, String label, int files, List<Excluded> excluded) {

    public Checkpoint {
        if (!id.matches("[0-9a-f]{12}")) {
            throw new IllegalArgumentException("not a checkpoint id: " + id);
        }
        Objects.requireNonNull(at);
        Objects.requireNonNull(label);
        excluded = List.copyOf(excluded);
    }
}
