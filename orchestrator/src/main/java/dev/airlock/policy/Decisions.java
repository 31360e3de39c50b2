package dev.airlock.policy;

import dev.airlock.profile.Mode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A decision as the faces show it ({@code airlock assess --json}, the MCP {@code assess_command} tool): plain maps. */
public final class Decisions {

    private Decisions() {
    }

    /** {@code mode}, {@code action} (run, ask, refuse), {@code profile}, and a one-line {@code summary}. */
    public static Map<String, Object> describe(Mode mode, Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode.name());
        switch (d) {
            case Decision.Run r -> {
                m.put("action", "run");
                m.put("profile", r.profile().name());
                m.put("summary", "runs in " + r.profile().name() + " without asking"
                        + (r.approvedBy().isEmpty() ? "" : " (" + String.join("; ", r.approvedBy()) + ")"));
            }
            case Decision.Escalate e -> {
                m.put("action", "ask");
                m.put("profile", e.needed().name());
                m.put("summary", "asks for " + (e.needed().equals(e.current()) ? "approval to run in " : "") + e.needed().name()
                        + " because of: " + String.join("; ", e.reasons().stream().map(r -> r.what() + " " + r.detail()).toList()));
            }
            case Decision.Refuse f -> {
                m.put("action", "refuse");
                m.put("summary", "refused: " + f.message() + " (" + f.hint() + ")");
            }
        }
        return m;
    }
}
