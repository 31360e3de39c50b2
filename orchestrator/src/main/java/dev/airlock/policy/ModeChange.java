package dev.airlock.policy;

import dev.airlock.profile.Catalog;
import dev.airlock.profile.Mode;
import dev.airlock.profile.Profile;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether {@code set_mode} may switch the session from one mode to another: always to a mode that gives no
 * more, and to a wider one only when the user allowed it at start ({@code --allow-mode}, and the start mode)
 * and then approves the switch itself when asked.
 */
public sealed interface ModeChange permits ModeChange.Allowed, ModeChange.Refused {

    /**
     * Switch, for this reason; a switch that is not {@code narrowing} gives more, and a person must approve
     * it first.
     */
    record Allowed(String why, boolean narrowing) implements ModeChange {
        public Allowed {
            Objects.requireNonNull(why);
        }
    }

    /** Do not switch; {@code hint} says what the model (or the user) can do. */
    record Refused(String why, String hint) implements ModeChange {
        public Refused {
            Objects.requireNonNull(why);
            Objects.requireNonNull(hint);
        }
    }

    public static ModeChange judge(Mode current, String target, Set<String> allowed, Catalog catalog) {
        if (!catalog.modes().containsKey(target)) {
            return new Refused("there is no mode named \"" + target + "\"", "modes: " + String.join(", ", catalog.modes().keySet()));
        }
        Mode to = catalog.mode(target);
        if (narrower(to, current, catalog)) {
            return new Allowed(to.name().equals(current.name()) ? "the session already runs in it"
                    : "it gives no more than " + current.name(), true);
        }
        if (allowed.contains(target)) {
            return new Allowed("the user allowed asking for it when starting Airlock, and approved the switch", false);
        }
        return new Refused("mode " + target + " gives more than " + current.name() + ", and the user did not allow it "
                + "when starting Airlock (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ", and narrower modes)",
                "carry on in " + current.name() + " (run_command asks the user when a command needs more), or ask the user "
                        + "to add --allow-mode " + target + " to the airlock mcp command in the client's MCP configuration "
                        + "and restart the server");
    }

    /**
     * Whether {@code to} gives no more than {@code from}: a base profile no stronger, no profile reachable beyond
     * the strongest {@code from} reaches, no auto-review where {@code from} has none, and every question
     * {@code from} asks still asked. Profiles compare by the catalog's order (workspace access, then network).
     */
    public static boolean narrower(Mode to, Mode from, Catalog catalog) {
        List<String> order = catalog.profileOrder();
        return order.indexOf(to.profile()) <= order.indexOf(from.profile())
                && strongest(to, catalog, order) <= strongest(from, catalog, order)
                && (!to.autoReview() || from.autoReview())
                && to.ask().containsAll(from.ask());
    }

    private static int strongest(Mode mode, Catalog catalog, List<String> order) {
        return catalog.reachable(mode).stream().map(Profile::name).mapToInt(order::indexOf).max().orElse(-1);
    }
}
