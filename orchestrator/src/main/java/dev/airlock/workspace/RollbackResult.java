package dev.airlock.workspace;

import java.util.Objects;

/**
 * What a rollback did.
 *
 * @param restored the checkpoint the workspace now matches
 * @param undo     the checkpoint of the state just before the rollback: rolling back to it undoes the rollback
 * @param changes  what the rollback changed, from the state before it to the state after it
 */
public record RollbackResult(Checkpoint restored, Checkpoint undo, Changes changes) {

    public RollbackResult {
        Objects.requireNonNull(restored);
        Objects.requireNonNull(undo);
        Objects.requireNonNull(changes);
    }
}
