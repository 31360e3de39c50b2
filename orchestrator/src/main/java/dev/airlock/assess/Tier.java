package dev.airlock.assess;

/**
 * Risk tiers, weakest first: {@code READ} (look only) &lt; {@code WRITE} (change the workspace) &lt;
 * {@code EXECUTE} (run programs Airlock cannot see into) &lt; {@code NETWORK} &lt; {@code DESTRUCTIVE}
 * (delete, overwrite history, touch secrets, write outside the workspace).
 */
public enum Tier {
    READ,
    WRITE,
    EXECUTE,
    NETWORK,
    DESTRUCTIVE;

    public Tier max(Tier other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public boolean atLeast(Tier other) {
        return compareTo(other) >= 0;
    }
}
