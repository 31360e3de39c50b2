package dev.airlock.assess;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the shell knows while a script is walked: variables assigned literal values, the working directory
 * ({@code null} once a {@code cd} went somewhere unknown) and the functions defined so far. Subshells copy it.
 */
final class ShellState {

    final Map<String, String> vars;
    final Set<String> functions;
    String cwd;

    ShellState(String cwd) {
        this(new HashMap<>(), new HashSet<>(), cwd);
    }

    private ShellState(Map<String, String> vars, Set<String> functions, String cwd) {
        this.vars = vars;
        this.functions = functions;
        this.cwd = cwd;
    }

    ShellState copy() {
        return new ShellState(new HashMap<>(vars), new HashSet<>(functions), cwd);
    }

    ShellState in(String dir) {
        ShellState s = copy();
        s.cwd = dir;
        return s;
    }
}
