package dev.airlock.assess;

import java.util.HashMap;
import java.util.Map;

/**
 * The table of program rules, filled by the rule families. A command word is looked up by its base name,
 * then by its family ({@code python3.12} as {@code python}); a path that is not in a program directory is a
 * script Airlock cannot see into; a name no family knows is an unknown program.
 */
final class Rules {

    record Found(String program, ProgramRule rule) {
    }

    private final Map<String, ProgramRule> table = new HashMap<>();

    Rules() {
        Basics.register(this);
        FileOps.register(this);
        TextTools.register(this);
        Wrappers.register(this);
        Find.register(this);
        Interpreters.register(this);
        GitProgram.register(this);
        JsPackages.register(this);
        PyPackages.register(this);
        Builds.register(this);
        SystemPackages.register(this);
        DevTools.register(this);
        Net.register(this);
        Cloud.register(this);
        Databases.register(this);
    }

    void put(ProgramRule rule, String... names) {
        for (String n : names) {
            table.put(n, rule);
        }
    }

    boolean knows(String name) {
        return table.containsKey(name) || table.containsKey(Programs.family(name));
    }

    Found find(String word) {
        String base = Programs.basename(word);
        if (word.contains("/") && !Programs.WRAPPER_SCRIPTS.contains(base)
                && !(Programs.inProgramDir(word) && knows(base))) {
            return new Found(word, Interpreters::script);
        }
        ProgramRule r = table.get(base);
        if (r != null) {
            return new Found(base, r);
        }
        String family = Programs.family(base);
        r = table.get(family);
        return r != null ? new Found(base, r) : new Found(base, Basics::unknown);
    }
}
