package dev.airlock.assess;

import java.util.List;
import java.util.Set;

/**
 * The {@code git} subcommands that talk to remotes. A URL or {@code user@host:path} names its host; a remote
 * name ({@code origin}) does not, since its URL lives in the repository's configuration: the reason says so.
 */
final class GitRemote {

    private static final Set<String> FETCH_VALUED = Set.of("--depth", "--deepen", "--shallow-since",
            "--shallow-exclude", "--jobs", "--refmap", "--negotiation-tip", "--upload-pack", "--strategy",
            "--strategy-option", "--server-option", "--recurse-submodules-default", "--filter", "--exec", "--log");

    private GitRemote() {
    }

    /** Handles {@code sub} if it talks to remotes; false when it is none of these. */
    static boolean handles(Call c, String sub, List<Arg> rest) {
        switch (sub) {
            case "clone" -> clone(c, rest);
            case "fetch", "pull", "ls-remote" -> fetch(c, sub, rest);
            case "push" -> push(c, rest);
            case "remote" -> remoteCommand(c, rest);
            case "submodule" -> submodule(c, rest);
            case "lfs" -> lfs(c, rest);
            case "send-email", "imap-send" -> c.fx.networkUnknown("git " + sub + " sends mail through its configured server");
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Where a remote argument points: a host, a local repository, or a remote name whose host is not known here. */
    static void remote(Call c, Arg where) {
        c.notAPath(where);
        String v = where.value();
        if (Urls.hasScheme(v)) {
            if (v.toLowerCase().startsWith("file:")) {
                c.reads(Arg.of(v.replaceFirst("(?i)^file://", "")));
            } else {
                c.connects(where);
            }
        } else if (v.startsWith("/") || v.startsWith(".") || v.startsWith("~")) {
            c.reads(where);
        } else if (Urls.scpHost(v).isPresent()) {
            c.fx.network(Urls.scpHost(v).get());
        } else if (!where.exact()) {
            c.fx.networkUnknown("git remote " + where.text() + ", known only at run time");
        } else {
            c.fx.networkUnknown("git remote '" + where.text() + "' (its host is in the repository's configuration)");
        }
    }

    private static void upstream(Call c) {
        c.fx.networkUnknown("the upstream git remote (its host is in the repository's configuration)");
    }

    private static void clone(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "bojuc", Set.of("--branch", "--origin", "--depth", "--config", "--reference",
                "--reference-if-able", "--template", "--upload-pack", "--separate-git-dir", "--filter", "--jobs",
                "--shallow-since", "--shallow-exclude", "--server-option", "--bundle-uri"));
        o.value("-c", "--config").ifPresent(x -> GitRefs.config(c, x.text()));
        if (o.has("-u", "--upload-pack")) {
            c.executes("git clone --upload-pack runs a program on the remote side");
        }
        if (o.operands.isEmpty()) {
            return;
        }
        Arg url = o.operands.getFirst();
        remote(c, url);
        Arg dir = o.operands.size() > 1 ? o.operands.get(1)
                : Arg.of(Programs.basename(url.text().replaceFirst("^[^/]*:", "")).replaceFirst("\\.git$", ""));
        c.writes(dir, "creates", Tier.WRITE);
    }

    private static void fetch(Call c, String sub, List<Arg> rest) {
        Opts o = Opts.parse(rest, "joXs", FETCH_VALUED);
        rest.forEach(c::notAPath);
        if (o.has("--multiple")) {
            o.operands.forEach(r -> remote(c, r));
        } else if (o.has("--all")) {
            c.fx.networkUnknown("all git remotes (their hosts are in the repository's configuration)");
        } else if (o.operands.isEmpty()) {
            upstream(c);
        } else {
            remote(c, o.operands.getFirst());
        }
        if (o.has("--upload-pack", "--exec")) {
            c.executes("git " + sub + " --upload-pack runs a program on the remote side");
        }
        if (sub.equals("pull")) {
            c.fx.add(Tier.WRITE, "merges", o.has("--rebase", "-r") ? "rebases the current branch onto what it fetched"
                    : "what it fetched into the current branch");
        }
    }

    private static void push(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "o", Set.of("--repo", "--receive-pack", "--exec", "--push-option"));
        rest.forEach(c::notAPath);
        List<Arg> ops = o.operands;
        if (o.value("--repo").isPresent()) {
            remote(c, o.value("--repo").get());
        } else if (ops.isEmpty()) {
            upstream(c);
        } else {
            remote(c, ops.getFirst());
        }
        if (o.has("--receive-pack", "--exec")) {
            c.executes("git push --receive-pack runs a program on the remote side");
        }
        if (o.has("-n", "--dry-run")) {
            return;
        }
        List<Arg> refspecs = ops.isEmpty() ? List.of() : ops.subList(1, ops.size());
        if (o.has("-f", "--force", "--force-with-lease", "--force-if-includes")
                || refspecs.stream().anyMatch(r -> r.text().startsWith("+"))) {
            c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git push --force can overwrite the remote's history");
        }
        if (o.has("--mirror")) {
            c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git push --mirror overwrites and deletes remote refs");
        }
        if (o.has("-d", "--delete")) {
            c.fx.add(Tier.DESTRUCTIVE, "deletes", "remote refs " + String.join(" ", refspecs.stream().map(Arg::text).toList()));
        }
        for (Arg r : refspecs) {
            if (r.text().startsWith(":") && r.text().length() > 1) {
                c.fx.add(Tier.DESTRUCTIVE, "deletes", "remote ref " + r.text().substring(1));
            }
        }
        if (o.has("--prune")) {
            c.fx.add(Tier.DESTRUCTIVE, "deletes", "remote branches that do not exist locally");
        }
    }

    private static void remoteCommand(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "tm", Set.of("--track", "--master", "--mirror"));
        rest.forEach(c::notAPath);
        String sub = o.first();
        c.prefix("remote", sub);
        List<Arg> ops = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        switch (sub) {
            case "", "get-url" -> {
            }
            case "add" -> {
                c.fx.add(Tier.WRITE, "configures", "remote " + (ops.isEmpty() ? "" : ops.getFirst().text()) + " in .git/config");
                if (o.has("-f", "--fetch") && ops.size() > 1) {
                    remote(c, ops.get(1));
                }
            }
            case "show", "prune", "update" -> {
                if (!o.has("-n")) {
                    if (ops.isEmpty()) {
                        c.fx.networkUnknown("all git remotes (their hosts are in the repository's configuration)");
                    } else {
                        ops.forEach(r -> remote(c, r));
                    }
                }
            }
            default -> c.fx.add(Tier.WRITE, "configures", "git remote " + sub + " in .git/config");
        }
    }

    private static void submodule(Call c, List<Arg> rest) {
        Opts o = Opts.parse(rest, "b", Set.of("--branch", "--name", "--reference", "--depth", "--jobs", "--filter"));
        rest.forEach(c::notAPath);
        String sub = o.first().isEmpty() ? "status" : o.first();
        c.prefix("submodule", sub);
        List<Arg> ops = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        switch (sub) {
            case "status", "summary" -> {
            }
            case "add" -> {
                if (!ops.isEmpty()) {
                    remote(c, ops.getFirst());
                    c.writes(ops.size() > 1 ? ops.get(1)
                            : Arg.of(Programs.basename(ops.getFirst().text()).replaceFirst("\\.git$", "")), "creates", Tier.WRITE);
                }
            }
            case "update" -> {
                c.fx.networkUnknown("the submodules' remotes (their hosts are in .gitmodules)");
                c.fx.add(Tier.WRITE, "writes", "checks out the submodules");
            }
            case "foreach" -> {
                if (ops.stream().allMatch(Arg::exact)) {
                    c.shell(String.join(" ", ops.stream().map(Arg::value).toList()));
                } else {
                    c.opaque("git submodule foreach runs a command known only at run time");
                }
            }
            case "deinit" -> {
                if (o.has("-f", "--force", "--all")) {
                    c.fx.add(Tier.DESTRUCTIVE, "deletes", "submodule working trees");
                } else {
                    c.fx.add(Tier.WRITE, "writes", "git submodule deinit");
                }
            }
            default -> c.fx.add(Tier.WRITE, "configures", "git submodule " + sub);
        }
    }

    private static void lfs(Call c, List<Arg> rest) {
        String sub = rest.isEmpty() ? "" : rest.getFirst().text();
        rest.forEach(c::notAPath);
        c.prefix("lfs", sub);
        switch (sub) {
            case "pull", "fetch", "push", "clone", "checkout" -> {
                if (!sub.equals("checkout")) {
                    c.fx.networkUnknown("the Git LFS server (its host is in the repository's configuration)");
                }
                if (!sub.equals("push")) {
                    c.fx.add(Tier.WRITE, "writes", "LFS files in the working tree");
                }
            }
            case "migrate" -> c.fx.add(Tier.DESTRUCTIVE, "rewrites-history", "git lfs migrate rewrites commits");
            case "install", "uninstall", "track", "untrack", "lock", "unlock", "prune", "dedup" ->
                    c.fx.add(Tier.WRITE, "configures", "git lfs " + sub);
            default -> {
            }
        }
    }
}
