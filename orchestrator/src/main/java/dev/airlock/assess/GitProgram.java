package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code git}: looking at history is READ; changing the index, branches and working tree is WRITE; losing
 * uncommitted work or rewriting history ({@code reset --hard}, {@code clean -f}, {@code commit --amend},
 * {@code rebase}, {@code branch -D}) is DESTRUCTIVE. Talking to remotes is in {@link GitRemote}.
 */
final class GitProgram {

    private static final Set<String> READ = Set.of("status", "log", "diff", "show", "blame", "annotate", "shortlog",
            "describe", "rev-parse", "rev-list", "ls-files", "ls-tree", "cat-file", "grep", "whatchanged", "show-ref",
            "show-branch", "for-each-ref", "name-rev", "merge-base", "cherry", "count-objects", "verify-commit",
            "verify-tag", "fsck", "check-ignore", "check-attr", "check-ref-format", "var", "help", "version",
            "range-diff", "diff-tree", "diff-files", "diff-index", "get-tar-commit-id", "column", "check-mailmap",
            "unpack-file", "verify-pack", "show-index", "merge-tree", "patch-id", "stripspace", "interpret-trailers",
            "bugreport", "diagnose");
    private static final Set<String> WRITE = Set.of("merge", "cherry-pick", "revert", "am", "mv", "notes",
            "update-index", "hash-object", "mktree", "commit-tree", "read-tree", "checkout-index", "replace",
            "maintenance", "sparse-checkout", "merge-file", "mktag", "write-tree", "rerere", "pack-refs", "repack",
            "symbolic-ref", "bisect", "restore-staged", "unpack-objects", "prune-packed", "fast-import");
    private static final Pattern COMMITTISH = Pattern.compile(
            "(HEAD|@|ORIG_HEAD|FETCH_HEAD|MERGE_HEAD)([~^].*|@\\{.*)?|[0-9a-f]{7,40}([~^].*)?|.*[~^][0-9]*|.*@\\{.*\\}");

    private GitProgram() {
    }

    static void register(Rules r) {
        r.put(GitProgram::git, "git");
    }

    private static void git(Call c) {
        List<Arg> a = c.args();
        int i = 0;
        while (i < a.size() && a.get(i).isOption()) {
            String t = a.get(i).text();
            if (Set.of("--version", "--help", "-v", "-h").contains(t)) {
                return;
            }
            if (t.equals("-C") && i + 1 < a.size()) {
                c.looksAt(a.get(i + 1));
                c.cwd = Basics.directory(c, a.get(i + 1));
                i += 2;
            } else if (t.equals("-c") && i + 1 < a.size()) {
                GitRefs.config(c, a.get(i + 1).text());
                i += 2;
            } else if (Set.of("--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env",
                    "--exec-path", "--list-cmds").contains(t)) {
                i += 2;
            } else {
                i++;
            }
        }
        if (i >= a.size()) {
            return;
        }
        String sub = a.get(i).text();
        c.notAPath(a.get(i));
        List<Arg> rest = a.subList(i + 1, a.size());
        c.prefix(sub);
        if (READ.contains(sub)) {
            read(c, sub, rest);
            return;
        }
        switch (sub) {
            case "add", "stage" -> add(c, rest);
            case "commit" -> commit(c, rest);
            case "checkout" -> checkout(c, rest);
            case "switch" -> switchBranch(c, rest);
            case "restore" -> restore(c, rest);
            case "reset" -> reset(c, rest);
            case "rebase" -> rebase(c, rest);
            case "clean" -> clean(c, rest);
            case "rm" -> rm(c, rest);
            case "branch" -> GitRefs.branch(c, rest);
            case "tag" -> GitRefs.tag(c, rest);
            case "stash" -> GitRefs.stash(c, rest);
            case "config" -> GitRefs.configCommand(c, rest);
            case "init" -> init(c, rest);
            case "apply" -> apply(c, rest);
            case "worktree" -> GitRefs.worktree(c, rest);
            case "reflog" -> GitRefs.reflog(c, rest);
            case "gc", "prune", "update-ref", "filter-branch", "filter-repo" -> GitRefs.history(c, sub, rest);
            case "format-patch" -> GitRefs.formatPatch(c, rest);
            case "archive" -> GitRefs.archive(c, rest);
            case "credential", "credential-store", "credential-cache" ->
                    c.fx.add(Tier.DESTRUCTIVE, "reads-secret", "git credentials");
            case "difftool", "mergetool", "gui", "citool", "instaweb", "daemon", "hook", "web--browse" ->
                    c.executes("git " + sub + " runs another program");
            default -> {
                if (WRITE.contains(sub)) {
                    write(c, sub, rest);
                } else if (!GitRemote.handles(c, sub, rest)) {
                    c.executes("runs git " + sub + ", an alias or extension Airlock does not know");
                }
            }
        }
    }

    private static void read(Call c, String sub, List<Arg> rest) {
        Opts o = Opts.parse(rest, "", Set.of("--output"));
        o.value("--output").ifPresent(c::writes);
        for (Arg x : o.operands) {
            int colon = x.text().indexOf(':');
            if ((sub.equals("show") || sub.equals("cat-file")) && colon >= 0) {
                // HEAD:.env reads a file out of history
                if (c.walker.locations().secret(x.text().substring(colon + 1))) {
                    c.fx.add(Tier.DESTRUCTIVE, "reads-secret", x.text());
                }
                c.notAPath(x);
            }
        }
        if (sub.equals("grep") && o.has("--open-files-in-pager", "-O")) {
            c.executes("git grep -O runs a pager on the files");
        }
        printsTrackedSecret(c, sub, o, rest);
    }

    /** Subcommands that print file content out of history or the index, and the flags that make them do it. */
    private static final Set<String> PRINTS_CONTENT = Set.of("diff", "show", "cat-file", "blame", "annotate");
    private static final Set<String> PRINTS_WITH_PATCH = Set.of("log", "whatchanged", "shortlog");

    /**
     * A masked file that git tracks is masked only in the working tree: its content is in the repository, and
     * {@code git log -p}, {@code git diff} (the masked copy reads empty, so the diff prints what was there),
     * {@code git show} or {@code git cat-file} print it. That is reading a secret.
     */
    static void printsTrackedSecret(Call c, String sub, Opts o, List<Arg> rest) {
        List<String> tracked = c.walker.settings().trackedSecrets();
        if (tracked.isEmpty()) {
            return;
        }
        boolean prints = PRINTS_CONTENT.contains(sub) && !o.has("--stat", "--name-only", "--name-status", "-s",
                "--no-patch", "--shortstat", "--numstat", "--quiet", "-e", "-t")
                || PRINTS_WITH_PATCH.contains(sub) && o.has("-p", "-u", "--patch", "--full-diff", "-G", "-S", "--pickaxe-regex",
                "-L", "--follow")
                || sub.equals("grep") && !o.operands.isEmpty();
        if (!prints) {
            return;
        }
        List<String> paths = pathspecs(rest);
        List<String> reached = paths.isEmpty() ? tracked
                : tracked.stream().filter(t -> paths.stream().anyMatch(p -> covers(p, t))).toList();
        if (!reached.isEmpty()) {
            c.fx.add(Tier.DESTRUCTIVE, "reads-secret", "git " + sub + " can print " + String.join(", ", reached)
                    + " from the repository (masked in the workspace, but git tracks it)");
        }
    }

    /** The paths after {@code --}; without {@code --} git guesses, and so does Airlock: it assumes every path. */
    private static List<String> pathspecs(List<Arg> rest) {
        for (int i = 0; i < rest.size(); i++) {
            if (rest.get(i).text().equals("--")) {
                return rest.subList(i + 1, rest.size()).stream().map(Arg::text).toList();
            }
        }
        return List.of();
    }

    private static boolean covers(String pathspec, String tracked) {
        String p = pathspec.startsWith("./") ? pathspec.substring(2) : pathspec;
        if (p.isEmpty() || p.equals(".") || p.startsWith(":") || p.contains("*") || p.contains("?") || p.contains("[")) {
            return true;
        }
        String dir = p.endsWith("/") ? p : p + "/";
        return tracked.equals(p) || tracked.startsWith(dir);
    }

    private static void write(Call c, String sub, List<Arg> rest) {
        Opts o = Opts.parse(rest, "sXmF", Set.of("--strategy", "--strategy-option", "--message", "--file"));
        rest.forEach(c::notAPath);
        if (o.has("--abort", "--quit")) {
            c.fx.add(Tier.WRITE, "writes", "abandons the git " + sub + " in progress");
            return;
        }
        if (sub.equals("bisect") && o.first().equals("run")) {
            c.spawn(o.operands.subList(1, o.operands.size()));
        }
        if (sub.equals("mv")) {
            o.operands.forEach(x -> c.writes(x, "moves", Tier.WRITE));
            if (o.has("-f", "--force") && !o.operands.isEmpty()) {
                c.mayOverwrite(o.operands.getLast(), true);
            }
            return;
        }
        c.fx.add(Tier.WRITE, "writes", "git " + sub + " changes the repository" + (Set.of("merge", "cherry-pick",
                "revert", "am", "bisect", "read-tree", "checkout-index", "sparse-checkout").contains(sub)
                ? " and the working tree" : ""));
    }

    private static void add(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "", Set.of("--chmod", "--pathspec-from-file"));
        o.operands.forEach(c::reads);
        String what = o.operands.isEmpty() ? (o.has("-A", "--all", "-u", "--update") ? "all changes" : "nothing")
                : String.join(" ", o.operands.stream().map(Arg::text).toList());
        c.fx.add(Tier.WRITE, "stages", AssessmentText.shorten(what, 80));
    }

    private static void commit(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "mFcCtS", Set.of("--message", "--file", "--reuse-message", "--reedit-message",
                "--template", "--author", "--date", "--fixup", "--squash", "--trailer", "--cleanup", "--gpg-sign",
                "--pathspec-from-file"));
        o.value("-F", "--file", "-t", "--template").ifPresent(c::reads);
        o.value("-m", "--message").ifPresent(c::notAPath);
        o.operands.forEach(c::notAPath);
        c.fx.add(Tier.WRITE, "commits", o.operands.isEmpty() ? (o.has("-a", "--all") ? "all changes" : "the staged changes")
                : String.join(" ", o.operands.stream().map(Arg::text).toList()));
        if (o.has("--amend")) {
            c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git commit --amend replaces the last commit");
        }
    }

    /** Does this operand name a file rather than a branch or commit? Only a guess without the repository. */
    private static boolean looksLikePath(String s) {
        return s.equals(".") || s.startsWith("./") || s.startsWith(":/") || s.contains("*")
                || s.matches(".*[^/]\\.[A-Za-z0-9]{1,8}") && !s.matches(".*[0-9]+\\.[0-9]+.*") && !COMMITTISH.matcher(s).matches();
    }

    private static void checkout(Call c, List<Arg> rest) {
        int dd = indexOf(rest, "--");
        Opts o = Opts.parse(dd < 0 ? rest : rest.subList(0, dd), "bB", Set.of("--orphan", "--conflict", "--track"));
        rest.forEach(c::notAPath);
        List<Arg> paths = new ArrayList<>(dd < 0 ? List.of() : rest.subList(dd + 1, rest.size()));
        List<Arg> ops = o.operands;
        if (dd < 0 && !ops.isEmpty()) {
            int from = ops.size() > 1 || !looksLikePath(ops.getFirst().text()) ? 1 : 0;
            paths.addAll(ops.subList(from, ops.size()));
        }
        if (o.value("-b").isPresent() || o.has("--orphan")) {
            c.fx.add(Tier.WRITE, "creates-branch", o.value("-b", "--orphan").map(Arg::text).orElse("a new branch"));
        } else if (o.value("-B").isPresent()) {
            c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git checkout -B resets " + o.value("-B").get().text()
                    + " if it exists");
        }
        if (o.has("-f", "--force")) {
            c.fx.add(Tier.DESTRUCTIVE, "discards-changes", "git checkout --force throws away local changes");
        }
        discards(c, paths, "git checkout");
        if (paths.isEmpty() && !o.has("-f", "--force", "-b", "-B", "--orphan")) {
            c.fx.add(Tier.WRITE, "switches-branch", ops.isEmpty() ? "the working tree" : ops.getFirst().text());
        }
    }

    private static void discards(Call c, List<Arg> paths, String how) {
        for (Arg p : paths) {
            c.fx.add(Tier.DESTRUCTIVE, "discards-changes", how + ": uncommitted changes to " + c.loc(p).display());
        }
    }

    private static void switchBranch(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "cC", Set.of("--create", "--force-create", "--orphan", "--conflict", "--track"));
        rest.forEach(c::notAPath);
        if (o.has("--discard-changes", "-f", "--force")) {
            c.fx.add(Tier.DESTRUCTIVE, "discards-changes", "git switch --discard-changes throws away local changes");
        }
        if (o.value("-C", "--force-create").isPresent()) {
            c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git switch -C resets "
                    + o.value("-C", "--force-create").get().text() + " if it exists");
        }
        c.fx.add(Tier.WRITE, "switches-branch", o.value("-c", "--create", "--orphan").map(Arg::text)
                .orElse(o.operands.isEmpty() ? "another branch" : o.operands.getFirst().text()));
    }

    private static void restore(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "s", Set.of("--source", "--conflict", "--pathspec-from-file"));
        rest.forEach(c::notAPath);
        boolean worktree = !o.has("-S", "--staged") || o.has("-W", "--worktree");
        if (!worktree) {
            c.fx.add(Tier.WRITE, "unstages", String.join(" ", o.operands.stream().map(Arg::text).toList()));
            return;
        }
        discards(c, o.operands.isEmpty() ? List.of(Arg.of(".")) : o.operands, "git restore");
    }

    private static void reset(Call c, List<Arg> rest) {
        int dd = indexOf(rest, "--");
        Opts o = Opts.parse(dd < 0 ? rest : rest.subList(0, dd), "", Set.of("--pathspec-from-file"));
        rest.forEach(c::notAPath);
        Optional<String> commit = o.operands.isEmpty() || dd < 0 && looksLikePath(o.operands.getFirst().text())
                ? Optional.empty() : Optional.of(o.operands.getFirst().text());
        boolean moves = commit.isPresent() && !Set.of("HEAD", "@").contains(commit.get())
                && (dd >= 0 ? true : o.operands.size() == 1);
        if (o.has("--hard")) {
            c.fx.add(Tier.DESTRUCTIVE, "discards-changes", "git reset --hard throws away uncommitted changes");
        }
        if (moves) {
            c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git reset moves the branch to " + commit.get());
        }
        if (!o.has("--hard") && !moves) {
            c.fx.add(Tier.WRITE, "unstages", o.operands.isEmpty() ? "all staged changes"
                    : String.join(" ", o.operands.stream().map(Arg::text).toList()));
        }
    }

    private static void rebase(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "xsXS", Set.of("--exec", "--strategy", "--strategy-option", "--onto", "--gpg-sign"));
        rest.forEach(c::notAPath);
        if (o.has("--abort", "--quit", "--continue", "--skip", "--show-current-patch", "--edit-todo")) {
            c.fx.add(Tier.WRITE, "writes", "git rebase " + o.flags.iterator().next() + " of a rebase in progress");
            return;
        }
        c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git rebase rewrites the current branch's commits");
        o.value("-x", "--exec").ifPresent(x -> c.shell(x.value()));
        if (o.has("-i", "--interactive")) {
            c.executes("git rebase -i opens an editor");
        }
    }

    private static void clean(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "e", Set.of("--exclude"));
        rest.forEach(c::notAPath);
        if (o.has("-n", "--dry-run")) {
            return;
        }
        String what = (o.has("-x") ? "untracked and ignored files" : o.has("-X") ? "ignored files" : "untracked files")
                + (o.has("-d") ? " and directories" : "");
        List<Arg> where = o.operands.isEmpty() ? List.of(Arg.of(".")) : o.operands;
        for (Arg w : where) {
            c.fx.add(Tier.DESTRUCTIVE, "deletes", what + " in " + c.loc(w).display());
        }
    }

    private static void rm(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "", Set.of("--pathspec-from-file"));
        for (Arg p : o.operands) {
            if (o.has("--cached")) {
                c.notAPath(p);
                c.fx.add(Tier.WRITE, "unstages", c.loc(p).display());
            } else if (o.has("-f", "--force")) {
                c.deletes(p);
            } else {
                // git refuses to delete files with uncommitted changes without -f: the content stays in history
                c.writes(p, "deletes-tracked", Tier.WRITE);
            }
        }
    }

    /** A config setting ({@code -c key=value} or {@code git config key value}) that makes git run or redirect. */
    private static void init(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "b", Set.of("--template", "--separate-git-dir", "--initial-branch", "--object-format",
                "--shared"));
        if (o.operands.isEmpty()) {
            c.writes(Arg.of("."), "creates-repository", Tier.WRITE);
        } else {
            c.writes(o.operands.getFirst(), "creates", Tier.WRITE);
        }
    }

    private static void apply(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "pC", Set.of("--exclude", "--include", "--directory", "--whitespace", "--build-fake-ancestor"));
        o.operands.forEach(c::reads);
        if (o.has("--check", "--stat", "--numstat", "--summary") && !o.has("--apply")) {
            return;
        }
        c.fx.add(Tier.WRITE, "writes", o.has("--cached") ? "the index, from a patch" : "the files named in the patch");
    }

    static int indexOf(List<Arg> args, String text) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).text().equals(text)) {
                return i;
            }
        }
        return -1;
    }
}
