package dev.airlock.runtime;

import java.util.HashMap;
import java.util.Map;

/**
 * The engine labels the runtime itself reads. A label is fixed when a container is made, so a pooled container,
 * made before any session exists, carries {@link #POOLED} and no {@link #SESSION}; the lease that takes it
 * records the session ({@link Sandboxes#leases()}), and the audit log names the container each command ran in.
 */
public final class Labels {

    /** The session a sandbox was made for. */
    public static final String SESSION = "dev.airlock.session";
    /** A sandbox made ahead for whichever run takes it: it names no session. */
    public static final String POOLED = "dev.airlock.pooled";

    private Labels() {
    }

    /** What a pooled container is made with: the run's labels without its session, marked as pooled. */
    static Map<String, String> pooled(Map<String, String> labels) {
        Map<String, String> out = new HashMap<>(labels);
        out.remove(SESSION);
        out.put(POOLED, "true");
        return out;
    }
}
