package dev.airlock.workspace;

import dev.airlock.AirlockException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Exclusion rules for checkpoints, a small subset of {@code .gitignore} syntax: a pattern without a slash
 * matches a name at any depth ({@code node_modules}, {@code *.log}); a pattern with one is matched against
 * the workspace-relative path ({@code /dist}, {@code build/**}); a trailing slash matches directories only.
 * Globs are Java's: {@code * ? [..] {a,b} **}.
 */
final class Excludes {

    private record Rule(String pattern, PathMatcher matcher, boolean directoriesOnly, boolean anchored) {
    }

    private final List<Rule> rules;
    private final List<String> patterns;

    private Excludes(List<Rule> rules, List<String> patterns) {
        this.rules = rules;
        this.patterns = patterns;
    }

    static Excludes of(List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (String pattern : patterns) {
            String glob = pattern.strip();
            boolean directoriesOnly = glob.endsWith("/");
            while (glob.endsWith("/")) {
                glob = glob.substring(0, glob.length() - 1);
            }
            boolean anchored = glob.contains("/");
            while (glob.startsWith("/")) {
                glob = glob.substring(1);
            }
            if (glob.isEmpty() || List.of(glob.split("/")).contains("..")) {
                throw AirlockException.usage("exclusion rule " + quote(pattern) + " names nothing inside the workspace",
                        "write a name (node_modules/), a glob (*.log) or a workspace-relative path (/build/out)");
            }
            try {
                rules.add(new Rule(pattern, FileSystems.getDefault().getPathMatcher("glob:" + glob), directoriesOnly, anchored));
            } catch (IllegalArgumentException e) {
                throw AirlockException.usage("exclusion rule " + quote(pattern) + " is not a valid glob: " + e.getMessage(),
                        "use * ? [..] {a,b} and **, as in node_modules/ or build/**");
            }
        }
        return new Excludes(List.copyOf(rules), List.copyOf(patterns));
    }

    List<String> patterns() {
        return patterns;
    }

    /** The first rule that excludes this path, if any. */
    Optional<String> match(Path relative, boolean directory) {
        for (Rule rule : rules) {
            if (rule.directoriesOnly() && !directory) {
                continue;
            }
            Path subject = rule.anchored() ? relative : relative.getFileName();
            if (rule.matcher().matches(subject)) {
                return Optional.of(rule.pattern());
            }
        }
        return Optional.empty();
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
