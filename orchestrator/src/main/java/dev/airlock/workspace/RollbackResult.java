package dev.airlock.workspace;

import java.util.List;
import java.util.Objects;

/**
 * What a rollback did.
 *
 * @param restored    the checkpoint the workspace now matches
 * @param undo        the checkpoint of the state just before the rollback: rolling back to it undoes the rollback
 * @param changes     what the rollback changed, from the state before it to the state after it
 * @param notRestored what it could not put back, and why (masked files whose content is not stored, files
 *                    over the byte budget)
 */
public record RollbackResult(Checkpoint restored, Checkpoint undo, Changes changes, List<Excluded> notRestored) {

    public RollbackResult {
        Objects.requireNonNull(restored);
        Objects.requireNonNull(undo);
        Objects.requireNonNull(changes);
        notRestored = List.copyOf(notRestored);
    }
}
