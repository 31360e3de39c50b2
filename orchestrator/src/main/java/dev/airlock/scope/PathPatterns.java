package dev.airlock.scope;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Workspace path globs, gitignore-like: {@code *} within a name, {@code **} across folders, {@code ?} one
 * character; a pattern without a leading {@code /} matches at any depth ({@code .env} matches
 * {@code app/.env}); a trailing {@code /} matches folders only.
 */
public final class PathPatterns {

    private record Compiled(String source, Pattern regex, boolean dirOnly) {
    }

    private final List<Compiled> patterns;

    private PathPatterns(List<Compiled> patterns) {
        this.patterns = patterns;
    }

    public static PathPatterns of(List<String> globs) {
        return new PathPatterns(globs.stream().map(PathPatterns::compile).toList());
    }

    /** Whether a workspace-relative path ({@code /}-separated, no leading {@code /}) matches any pattern. */
    public boolean matches(String relativePath, boolean isDirectory) {
        for (Compiled c : patterns) {
            if ((!c.dirOnly || isDirectory) && c.regex.matcher(relativePath).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The last names a path must have to match, when every pattern is a plain name or path (no {@code *} or
     * {@code ?}): lets a walk skip most entries without matching each. Empty when some pattern is a glob.
     */
    public java.util.Optional<java.util.Set<String>> lastNames() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Compiled c : patterns) {
            String body = c.dirOnly ? c.source.substring(0, c.source.length() - 1) : c.source;
            if (body.indexOf('*') >= 0 || body.indexOf('?') >= 0 || body.isEmpty()) {
                return java.util.Optional.empty();
            }
            names.add(body.substring(body.lastIndexOf('/') + 1));
        }
        return java.util.Optional.of(names);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    private static Compiled compile(String glob) {
        boolean dirOnly = glob.endsWith("/");
        String body = dirOnly ? glob.substring(0, glob.length() - 1) : glob;
        boolean anchored = body.startsWith("/");
        if (anchored) {
            body = body.substring(1);
        }
        StringBuilder regex = new StringBuilder(anchored ? "" : "(?:.*/)?");
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '*' && i + 1 < body.length() && body.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
                if (i + 1 < body.length() && body.charAt(i + 1) == '/') {
                    i++;
                    regex.append("/?");
                }
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        // DOTALL: a name may hold a newline, and a mask must still match what is under it
        return new Compiled(glob, Pattern.compile(regex.toString(), Pattern.DOTALL), dirOnly);
    }
}
