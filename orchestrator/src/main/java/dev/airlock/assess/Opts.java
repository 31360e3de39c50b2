package dev.airlock.assess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's arguments split GNU-style into flags ({@code -r}, {@code --force}), option values and operands.
 * Short flags are unbundled ({@code -rf}); {@code --} ends the options.
 */
final class Opts {

    final Set<String> flags = new LinkedHashSet<>();
    final Map<String, Arg> values = new HashMap<>();
    final List<Arg> operands = new ArrayList<>();

    /**
     * @param shortValued short options that take a value ({@code "tS"} for {@code -t DIR}, {@code -S SUFFIX})
     * @param longValued  long options that take a value when it is not attached with {@code =}
     * @param firstOperandEnds options stop at the first operand (POSIX; for commands that run other commands)
     */
    static Opts parse(List<Arg> args, String shortValued, Set<String> longValued, boolean firstOperandEnds) {
        Opts o = new Opts();
        boolean ended = false;
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            String t = a.text();
            if (ended || !a.isOption()) {
                o.operands.add(a);
                ended |= firstOperandEnds;
            } else if (t.equals("--")) {
                ended = true;
            } else if (t.startsWith("--")) {
                int eq = t.indexOf('=');
                String name = eq < 0 ? t : t.substring(0, eq);
                o.flags.add(name);
                if (eq >= 0) {
                    o.values.put(name, a.from(eq + 1));
                } else if (longValued.contains(name) && i + 1 < args.size()) {
                    o.values.put(name, args.get(++i));
                }
            } else {
                for (int j = 1; j < t.length(); j++) {
                    String name = "-" + t.charAt(j);
                    o.flags.add(name);
                    if (shortValued.indexOf(t.charAt(j)) >= 0) {
                        if (j + 1 < t.length()) {
                            o.values.put(name, a.from(j + 1));
                        } else if (i + 1 < args.size()) {
                            o.values.put(name, args.get(++i));
                        }
                        break;
                    }
                }
            }
        }
        return o;
    }

    static Opts parse(List<Arg> args, String shortValued, Set<String> longValued) {
        return parse(args, shortValued, longValued, false);
    }

    static Opts parse(List<Arg> args) {
        return parse(args, "", Set.of(), false);
    }

    boolean has(String... names) {
        for (String n : names) {
            if (flags.contains(n)) {
                return true;
            }
        }
        return false;
    }

    Optional<Arg> value(String... names) {
        for (String n : names) {
            Arg v = values.get(n);
            if (v != null) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The first operand, as a subcommand word, or empty. */
    String first() {
        return operands.isEmpty() ? "" : operands.getFirst().text();
    }
}
