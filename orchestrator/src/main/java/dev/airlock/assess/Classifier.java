package dev.airlock.assess;

import java.util.List;
import java.util.Objects;

/**
 * Assesses a command before it runs: parses it as bash would and applies a rule per program to find its tier
 * and reasons (paths, domains, secrets, history rewrites, what it cannot see into). Pure and thread-safe: no
 * I/O, nothing run, and it never throws; what it cannot read is reported as opaque, at least EXECUTE.
 */
public final class Classifier {

    /** Longer command lines are not parsed; they are opaque. */
    static final int MAX_INPUT = 100_000;

    private final Settings settings;
    private final Locations locations;
    private final Rules rules;

    public Classifier(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.locations = new Locations(settings);
        this.rules = new Rules();
    }

    /** An exec-form command as Airlock receives it: {@code ["rm", "-rf", "build"]}, {@code ["bash", "-lc", "..."]}. */
    public Settings settings() {
        return settings;
    }

    public Assessment assess(List<String> argv) {
        try {
            if (argv == null || argv.isEmpty()) {
                return new Assessment(Tier.READ, List.of(), List.of(), List.of(), List.of(), false);
            }
            long length = 0;
            for (String a : argv) {
                length += Objects.requireNonNull(a, "null argument").length();
            }
            if (length > MAX_INPUT) {
                return unreadable(String.join(" ", argv.subList(0, 1)), "longer than " + MAX_INPUT + " characters");
            }
            Walker w = new Walker(settings, locations, rules);
            w.exec(argv);
            return w.result();
        } catch (RuntimeException | StackOverflowError e) {
            return unreadable(argv == null || argv.isEmpty() ? "" : String.valueOf(argv.getFirst()), failure(e));
        }
    }

    /** A shell command line, as the MCP face receives it: {@code "npm install && git push --force"}. */
    public Assessment assessLine(String shellLine) {
        try {
            if (shellLine == null || shellLine.isBlank()) {
                return new Assessment(Tier.READ, List.of(), List.of(), List.of(), List.of(), false);
            }
            if (shellLine.length() > MAX_INPUT) {
                return unreadable(shellLine, "longer than " + MAX_INPUT + " characters");
            }
            Walker w = new Walker(settings, locations, rules);
            w.line(shellLine, w.top(), 0);
            return w.result();
        } catch (RuntimeException | StackOverflowError e) {
            return unreadable(shellLine, failure(e));
        }
    }

    /** What the reason of an assessment says when the classifier caught an exception of its own. */
    static final String CRASHED = "Airlock could not assess it";

    private static String failure(Throwable e) {
        return CRASHED + " (" + e.getClass().getSimpleName() + ")";
    }

    private static Assessment unreadable(String command, String why) {
        Reason r = new Reason(Tier.EXECUTE, "opaque", AssessmentText.shorten(command, 60) + ": " + why);
        Part p = new Part(List.of(), List.of(), Tier.EXECUTE, List.of(r));
        return new Assessment(Tier.EXECUTE, List.of(r), List.of(), List.of(), List.of(p), true);
    }
}
