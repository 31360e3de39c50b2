package dev.airlock.profile;

/**
 * What a mode asks a person about even when its base profile could run the command. JSON names:
 * {@code destructive}, {@code outside-workspace}, {@code secrets}, {@code opaque}.
 */
public enum Ask {
    /** deletes, overwrites history, forces a push, chmod -R, ... */
    DESTRUCTIVE,
    /** paths outside /workspace */
    OUTSIDE_WORKSPACE,
    /** secret-like paths (most are masked anyway) */
    SECRETS,
    /** commands Airlock cannot see into (eval, $(...), piping into a shell) */
    OPAQUE
}
