package dev.airlock.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which commands may write the repository's {@code .git/config} in the sandbox without asking: a command that
 * is one git invocation setting values that run nothing ({@code git config user.email ...}, {@code git remote
 * add origin URL}). Git writes config by a lock file renamed over the old one, and a rename over Airlock's
 * read-only mount fails (EBUSY), so a copy cannot stand in for it: for such a command alone the mount is left
 * out, git is the only program that runs, and the guard still reads the file after it and undoes a key that
 * runs a program. Anything else (options before the subcommand, {@code --file}, {@code --edit}, a shell
 * around it) keeps the file read-only.
 */
public final class GitConfigWrites {

    /** The file such a command may write. */
    public static final String CONFIG = ".git/config";

    private static final Set<String> CONFIG_FLAGS = Set.of("--local", "--add", "--replace-all", "--unset", "--unset-all");
    private static final Set<String> CONFIG_VERBS = Set.of("set", "unset");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9-]*(\\.[^\\n\\x00]*)?\\.[A-Za-z][A-Za-z0-9-]*");
    private static final Pattern REMOTE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");
    /** Sections that only say where git reads more or what the repository is: changing them is not routine. */
    private static final Set<String> NOT_ROUTINE = Set.of("include", "includeif", "extensions", "safe", "protocol", "url");

    private GitConfigWrites() {
    }

    /** The repository config {@code argv} may write, when it is such a command; empty otherwise. */
    public static Optional<String> lift(List<String> argv) {
        if (argv.size() < 3 || !(argv.get(0).equals("git") || argv.get(0).equals("/usr/bin/git"))) {
            return Optional.empty();
        }
        List<String> rest = argv.subList(2, argv.size());
        boolean safe = switch (argv.get(1)) {
            case "config" -> config(rest);
            case "remote" -> remote(rest);
            default -> false;
        };
        return safe ? Optional.of(CONFIG) : Optional.empty();
    }

    private static boolean config(List<String> args) {
        List<String> ops = new ArrayList<>();
        boolean unset = false;
        for (String a : args) {
            if (a.startsWith("-")) {
                if (!CONFIG_FLAGS.contains(a)) {
                    return false;
                }
                unset |= a.startsWith("--unset");
            } else {
                ops.add(a);
            }
        }
        if (!ops.isEmpty() && CONFIG_VERBS.contains(ops.getFirst())) {
            unset |= ops.removeFirst().equals("unset");
        }
        // a write names a key and a value (or, to unset, a key); reading a value needs no lift
        if (ops.isEmpty() || ops.size() > 3 || !unset && ops.size() < 2) {
            return false;
        }
        return entry(ops.getFirst(), unset ? "" : ops.get(1)).isPresent();
    }

    /** The entry {@code git config KEY VALUE} would write, when it runs nothing and is routine. */
    static Optional<GitConfig.Entry> entry(String key, String value) {
        if (!KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        int first = key.indexOf('.');
        int last = key.lastIndexOf('.');
        String section = key.substring(0, first).toLowerCase(Locale.ROOT);
        Optional<String> sub = first == last ? Optional.empty() : Optional.of(key.substring(first + 1, last));
        var e = new GitConfig.Entry(section, sub, key.substring(last + 1).toLowerCase(Locale.ROOT), Optional.of(value));
        if (NOT_ROUTINE.contains(section) || e.key().equals("core.worktree") || RunsPrograms.why(e).isPresent()
                || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        return Optional.of(e);
    }

    private static boolean remote(List<String> args) {
        if (args.isEmpty()) {
            return false;
        }
        List<String> ops = args.subList(1, args.size());
        if (ops.stream().anyMatch(a -> a.startsWith("-"))) {
            return false; // -f fetches, --mirror and the rest are not routine
        }
        return switch (args.getFirst()) {
            case "add", "set-url" -> ops.size() == 2 && REMOTE_NAME.matcher(ops.get(0)).matches()
                    && entry("remote." + ops.get(0) + ".url", ops.get(1)).isPresent();
            case "rename" -> ops.size() == 2 && ops.stream().allMatch(n -> REMOTE_NAME.matcher(n).matches());
            case "remove", "rm" -> ops.size() == 1 && REMOTE_NAME.matcher(ops.getFirst()).matches();
            default -> false;
        };
    }
}
