package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code git} subcommands that manage refs and the repository itself: branches, tags, stashes, config,
 * worktrees, the reflog and garbage collection. Deleting a ref that may hold unmerged work, or moving one
 * by force, is DESTRUCTIVE.
 */
final class GitRefs {

    /** Config keys whose value git will run as a program, or that redirect where it connects. */
    private static final Pattern RUNS = Pattern.compile("(?i)(core\\.(sshcommand|pager|editor|hookspath|fsmonitor"
            + "|askpass|gitproxy)|alias\\..*|credential\\..*helper|filter\\..*\\.(clean|smudge|process)|diff\\..*\\."
            + "(textconv|command)|merge\\..*\\.driver|gpg\\..*program|sequence\\.editor|url\\..*\\.insteadof"
            + "|uploadpack\\..*|receivepack\\..*|remote\\..*\\.(uploadpack|receivepack|proxy)|http\\.proxy).*");

    private GitRefs() {
    }

    static void branch(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "ut", Set.of("--set-upstream-to", "--sort", "--format", "--contains", "--no-contains",
                "--merged", "--no-merged", "--points-at", "--column", "--track"));
        rest.forEach(c::notAPath);
        String names = String.join(" ", o.operands.stream().map(Arg::text).toList());
        boolean force = o.has("-f", "--force");
        if (o.has("-D") || o.has("-d", "--delete") && force) {
            c.fx.add(Tier.DESTRUCTIVE, "deletes", "branch " + names + ", merged or not");
        } else if (o.has("-d", "--delete")) {
            c.fx.add(Tier.WRITE, "deletes-branch", names + " (only when merged)");
        } else if (o.has("-M", "-C") || o.has("-m", "--move", "-c", "--copy") && force) {
            c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git branch -M/-C may replace an existing branch: " + names);
        } else if (o.has("-m", "--move", "-c", "--copy", "-u", "--set-upstream-to", "--unset-upstream",
                "--edit-description")) {
            c.fx.add(Tier.WRITE, "changes-branch", names.isEmpty() ? "the current branch" : names);
        } else if (!o.operands.isEmpty() && !o.has("-l", "--list", "-a", "--all", "-r", "--remotes")) {
            if (force) {
                c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git branch -f resets branch " + o.first());
            } else {
                c.fx.add(Tier.WRITE, "creates-branch", o.first());
            }
        }
    }

    static void tag(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "mFun", Set.of("--message", "--file", "--local-user", "--sort", "--contains",
                "--no-contains", "--points-at", "--format", "--merged", "--no-merged", "--cleanup"));
        rest.forEach(c::notAPath);
        o.value("-F", "--file").ifPresent(c::reads);
        if (o.has("-d", "--delete")) {
            c.fx.add(Tier.DESTRUCTIVE, "deletes", "tag " + String.join(" ", o.operands.stream().map(Arg::text).toList()));
        } else if (o.has("-l", "--list", "-v", "--verify") || o.operands.isEmpty()) {
            return;
        } else if (o.has("-f", "--force")) {
            c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git tag -f moves tag " + o.first());
        } else {
            c.fx.add(Tier.WRITE, "creates-tag", o.first());
        }
    }

    static void stash(Call c, List<Arg> rest) {
        String sub = rest.isEmpty() || rest.getFirst().isOption() ? "push" : rest.getFirst().text();
        rest.forEach(c::notAPath);
        c.prefix("stash", sub);
        switch (sub) {
            case "list" -> {
            }
            case "show" -> {
                Opts o = Opts.parse(rest.subList(1, rest.size()), "", Set.of());
                if (o.has("-p", "--patch", "-u") && !c.walker.settings().trackedSecrets().isEmpty()) {
                    c.fx.add(Tier.DESTRUCTIVE, "reads-secret", "git stash show -p can print "
                            + String.join(", ", c.walker.settings().trackedSecrets()) + " (masked in the workspace, but git tracks it)");
                }
            }
            case "drop", "clear" -> c.fx.add(Tier.DESTRUCTIVE, "deletes", "git stash " + sub + " throws away stashed changes");
            default -> c.fx.add(Tier.WRITE, "stashes", "git stash " + sub + " changes the working tree");
        }
    }

    static void configCommand(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "f", Set.of("--file", "--blob", "--type", "--default", "--comment", "--value"));
        rest.forEach(c::notAPath);
        List<Arg> ops = new ArrayList<>(o.operands);
        String verb = ops.isEmpty() ? "" : ops.getFirst().text();
        if (Set.of("get", "list", "set", "unset", "rename-section", "remove-section", "edit").contains(verb)) {
            ops.removeFirst();
        } else {
            verb = "";
        }
        boolean writes = Set.of("set", "unset", "rename-section", "remove-section", "edit").contains(verb)
                || verb.isEmpty() && (ops.size() >= 2 || o.has("--unset", "--unset-all", "--add", "--replace-all",
                "--rename-section", "--remove-section", "-e", "--edit"));
        if (!writes) {
            return;
        }
        String key = ops.isEmpty() ? "a section" : ops.getFirst().text();
        Optional<Arg> file = o.value("-f", "--file");
        if (file.isPresent()) {
            c.writes(file.get());
        } else if (o.has("--system")) {
            c.fx.add(Tier.DESTRUCTIVE, "outside-workspace", "/etc/gitconfig (" + key + ")");
        } else if (o.has("--global")) {
            c.fx.add(Tier.WRITE, "configures", key + " in ~/.gitconfig, outside the workspace");
        } else {
            c.fx.add(Tier.WRITE, "configures", key + " in .git/config");
        }
        config(c, key + "=" + (ops.size() > 1 ? ops.get(1).text() : ""));
    }

    static void config(Call c, String setting) {
        if (RUNS.matcher(setting).matches()) {
            c.executes("git will run or connect where " + setting.replaceFirst("=.*", "") + " says");
        }
    }

    static void worktree(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "bB", Set.of("--reason", "--expire", "--orphan"));
        String sub = o.first();
        c.prefix("worktree", sub);
        List<Arg> ops = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        switch (sub) {
            case "add" -> {
                if (!ops.isEmpty()) {
                    c.writes(ops.getFirst(), "creates", Tier.WRITE);
                }
            }
            case "remove" -> ops.stream().limit(1).forEach(c::deletes);
            case "list", "" -> {
            }
            default -> c.fx.add(Tier.WRITE, "writes", "git worktree " + sub);
        }
    }

    static void reflog(Call c, List<Arg> rest) {
        String sub = rest.isEmpty() || rest.getFirst().isOption() ? "show" : rest.getFirst().text();
        rest.forEach(c::notAPath);
        if (sub.equals("expire") || sub.equals("delete")) {
            c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git reflog " + sub + " forgets where branches have been");
        }
    }

    static void history(Call c, String sub, List<Arg> rest) {
        rest.forEach(c::notAPath);
        if (sub.equals("gc") && rest.stream().noneMatch(a -> a.text().startsWith("--prune"))) {
            c.fx.add(Tier.WRITE, "writes", "git gc repacks the repository");
            return;
        }
        c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git " + sub + (sub.equals("update-ref")
                ? " moves or deletes a ref" : sub.startsWith("filter") ? " rewrites every commit" : " deletes unreachable objects"));
    }

    static void formatPatch(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "ov", Set.of("--output-directory", "--output", "--subject-prefix", "--to", "--cc",
                "--in-reply-to", "--base", "--reroll-count", "--interdiff", "--range-diff"));
        rest.forEach(c::notAPath);
        if (o.has("--stdout")) {
            return;
        }
        c.writes(o.value("-o", "--output-directory", "--output").orElse(Arg.of("*.patch")));
    }

    static void archive(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "o", Set.of("--output", "--format", "--prefix", "--remote", "--exec", "--add-file",
                "--add-virtual-file", "--mtime"));
        rest.forEach(c::notAPath);
        o.value("-o", "--output").ifPresent(c::writes);
        o.value("--remote").ifPresent(r -> GitRemote.remote(c, r));
    }
}
