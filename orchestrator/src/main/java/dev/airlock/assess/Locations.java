package dev.airlock.assess;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a path lies relative to the workspace, and whether its name looks like a secret.
 *
 * <p>Outside the workspace, three places are told apart for reads: system paths ({@code /etc}, {@code /usr},
 * {@code /proc}, ...), whose reading is harmless and not reported; the container's scratch space ({@code /tmp},
 * {@code /dev/null}, ...), which is not a concern at all; and the rest (home directories, {@code /mnt}, ...),
 * reported as {@code outside-workspace} reads. Writing or deleting anywhere outside but scratch is destructive.
 */
final class Locations {

    enum Kind { INSIDE, DEVICE, SCRATCH, SYSTEM, HOME, OUTSIDE, UNKNOWN }

    /**
     * @param display      as written, or relative to the workspace when inside it ({@code .} for its root)
     * @param gitInternal  inside a {@code .git} directory
     * @param escapes      a relative path whose {@code ..} leads out of the workspace
     * @param guarded      inside the workspace, on a path the sandbox keeps read-only (itself or a folder above it)
     * @param holdsWorkspace outside, but a folder the workspace is in ({@code /}): a recursive change reaches it
     */
    record Loc(Kind kind, String display, boolean secret, boolean gitInternal, boolean escapes, boolean guarded,
               boolean holdsWorkspace) {

        Loc(Kind kind, String display, boolean secret, boolean gitInternal) {
            this(kind, display, secret, gitInternal, false, false, false);
        }

        Loc(Kind kind, String display, boolean secret, boolean gitInternal, boolean escapes) {
            this(kind, display, secret, gitInternal, escapes, false, false);
        }

        Loc(Kind kind, String display, boolean secret, boolean gitInternal, boolean escapes, boolean guarded) {
            this(kind, display, secret, gitInternal, escapes, guarded, false);
        }

        /** Outside the workspace and not a folder holding it ({@code /}): in the sandbox, its read-only root. */
        boolean outside() {
            return (kind == Kind.SYSTEM || kind == Kind.HOME || kind == Kind.OUTSIDE) && !holdsWorkspace;
        }
    }

    private static final Set<String> DEVICES = Set.of("/dev/null", "/dev/zero", "/dev/stdout", "/dev/stderr",
            "/dev/stdin", "/dev/tty", "/dev/random", "/dev/urandom", "/dev/full");
    private static final Set<String> SYSTEM = Set.of("etc", "usr", "lib", "lib32", "lib64", "libx32", "bin", "sbin",
            "opt", "proc", "sys", "dev", "run", "boot", "snap", "nix");
    private static final Set<String> SYSTEM_VAR = Set.of("lib", "cache", "log", "run", "spool", "mail", "backups");

    private final String workspace;
    private final dev.airlock.scope.PathPatterns protects;
    private final List<Pattern> dirs = new ArrayList<>();
    private final List<Suffix> suffixes = new ArrayList<>();

    private record Suffix(Pattern pattern, int slashes) {
    }
    private final List<Pattern> names = new ArrayList<>();
    private final List<Pattern> absolutes = new ArrayList<>();
    private final List<Pattern> excluded = new ArrayList<>();

    Locations(Settings settings) {
        this.workspace = settings.workspace();
        this.protects = dev.airlock.scope.PathPatterns.of(settings.protectedPatterns());
        for (String p : settings.secretPatterns()) {
            if (p.isBlank()) {
                continue;
            }
            if (p.startsWith("!")) {
                excluded.add(glob(p.substring(1)));
            } else if (p.endsWith("/")) {
                dirs.add(glob(p.substring(0, p.length() - 1)));
            } else if (p.startsWith("/")) {
                absolutes.add(glob(p));
            } else if (p.contains("/")) {
                suffixes.add(new Suffix(glob(p), (int) p.chars().filter(ch -> ch == '/').count()));
            } else {
                names.add(glob(p));
            }
        }
    }

    /** The path or a folder above it is protected (a folder pattern protects all inside it). */
    private boolean guarded(String rel) {
        if (protects.isEmpty() || rel.equals(".")) {
            return false;
        }
        String[] parts = rel.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(parts[i]);
            boolean last = i == parts.length - 1;
            if (protects.matches(prefix.toString(), true) || last && protects.matches(prefix.toString(), false)) {
                return true;
            }
        }
        return false;
    }

    String workspace() {
        return workspace;
    }

    /** Locates {@code a} as seen from {@code cwd} (absolute, {@code ~...}, or {@code null} when unknown). */
    Loc of(Arg a, String cwd) {
        String v = a.value();
        String text = a.text();
        if (v.isEmpty()) {
            return new Loc(Kind.UNKNOWN, text, false, false);
        }
        if (v.startsWith("~") || (!v.startsWith("/") && cwd != null && cwd.startsWith("~"))) {
            String shown = v.startsWith("~") || !a.exact() ? text : cwd + "/" + text;
            // ~ inside the sandbox is its own home: a tmpfs and the workspace's caches, nothing of the host's
            Kind kind = v.startsWith("~") && !v.startsWith("~/") && !v.equals("~") ? Kind.HOME : Kind.SCRATCH;
            return new Loc(kind, shown, secret(v) || secret(shown), false);
        }
        String abs;
        if (v.startsWith("/")) {
            abs = normalise(v);
        } else if (cwd == null || v.charAt(0) == Arg.UNKNOWN) {
            return new Loc(Kind.UNKNOWN, text, secret(v) || secret(text), hasGitDir(v));
        } else {
            abs = normalise(cwd + "/" + v);
        }
        if (abs == null) {
            return new Loc(Kind.UNKNOWN, text, secret(text), false);
        }
        Kind kind = kind(abs);
        boolean secret = secret(abs) || secret(text);

        if (kind == Kind.INSIDE) {
            String rel = abs.length() == workspace.length() ? "." : abs.substring(workspace.length() + 1);
            return new Loc(kind, a.exact() ? rel : text, secret, hasGitDir(rel), false, guarded(rel));
        }
        boolean asWritten = v.startsWith("/") || workspace.equals(cwd) || !a.exact();
        boolean escapes = !v.startsWith("/") && cwd != null && kind(cwd) == Kind.INSIDE;
        // a folder holding the workspace (/): changing it recursively reaches into /workspace, so it is not "outside"
        return new Loc(kind, asWritten ? text : abs, secret, false, escapes, false, abs.equals("/") || workspace.startsWith(abs + "/"));
    }

    private Kind kind(String abs) {
        if (abs.equals(workspace) || abs.startsWith(workspace.equals("/") ? "/" : workspace + "/")) {
            return Kind.INSIDE;
        }
        if (abs.equals("/")) {
            return Kind.SYSTEM;
        }
        String[] parts = abs.substring(1).split("/");
        if (parts[0].indexOf(Arg.UNKNOWN) >= 0) {
            return Kind.UNKNOWN;
        }
        if (DEVICES.contains(abs) || abs.startsWith("/dev/fd/") || abs.startsWith("/proc/self/fd/")) {
            return Kind.DEVICE;
        }
        String top = parts[0];
        String second = parts.length > 1 ? parts[1] : "";
        if (top.equals("tmp") || (top.equals("var") && second.equals("tmp")) || (top.equals("dev") && second.equals("shm"))) {
            return Kind.SCRATCH;
        }
        if (top.equals("home") && second.equals("airlock")) {
            return Kind.SCRATCH; // the sandbox's own home (SpecFactory.HOME)
        }
        if (top.equals("root") || top.equals("home")) {
            return Kind.HOME;
        }
        if (SYSTEM.contains(top) || (top.equals("var") && SYSTEM_VAR.contains(second))) {
            return Kind.SYSTEM;
        }
        return Kind.OUTSIDE;
    }

    /** Does the path's name look like a secret? Works on partly unknown paths, by their known components. */
    boolean secret(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        String[] comps = p.split("/");
        if (comps.length == 0) {
            return false;
        }
        String name = comps[comps.length - 1];
        if (name.matches(".*[*?\\[].*") && !name.equals("*")) {
            // a glob names a secret when one of the files it can match does: .env* matches .env
            for (String fill : new String[] {"", "x", ".x"}) {
                String[] one = comps.clone();
                one[one.length - 1] = name.replaceAll("\\[[^]]*]", "x").replace("*", fill).replace("?", "x");
                if (!String.join("/", one).equals(p) && secret(String.join("/", one))) {
                    return true;
                }
            }
            return false;
        }
        for (Pattern x : excluded) {
            if (x.matcher(name).matches()) {
                return false;
            }
        }
        for (Pattern n : names) {
            if (n.matcher(name).matches()) {
                return true;
            }
        }
        for (String c : comps) {
            for (Pattern d : dirs) {
                if (d.matcher(c).matches()) {
                    return true;
                }
            }
        }
        for (Suffix s : suffixes) {
            if (comps.length > s.slashes()) {
                String tail = String.join("/", List.of(comps).subList(comps.length - s.slashes() - 1, comps.length));
                if (s.pattern().matcher(tail).matches()) {
                    return true;
                }
            }
        }
        for (Pattern a : absolutes) {
            if (a.matcher(p).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasGitDir(String rel) {
        for (String c : rel.split("/")) {
            if (c.equals(".git")) {
                return true;
            }
        }
        return false;
    }

    /** Resolves {@code .} and {@code ..}; null when {@code ..} follows a component Airlock does not know. */
    static String normalise(String abs) {
        Deque<String> stack = new ArrayDeque<>();
        for (String c : abs.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!stack.isEmpty()) {
                    if (stack.peekLast().indexOf(Arg.UNKNOWN) >= 0) {
                        return null;
                    }
                    stack.removeLast();
                }
            } else {
                stack.addLast(c);
            }
        }
        return "/" + String.join("/", stack);
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, end);
                        re.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
