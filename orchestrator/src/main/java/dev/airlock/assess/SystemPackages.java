package dev.airlock.assess;

import java.util.List;
import java.util.Set;

/**
 * System and language-wide package managers: apt, apk, dnf, pacman, brew, gem, bundler. Installing, updating or
 * removing system packages changes the container's read-only root: it cannot work, and is said, not asked about.
 */
final class SystemPackages {

    private SystemPackages() {
    }

    static void register(Rules r) {
        r.put(c -> system(c, "apt", Set.of("install", "update", "upgrade", "dist-upgrade", "full-upgrade", "build-dep",
                "source", "download", "reinstall", "changelog"), Set.of("remove", "purge", "autoremove", "autopurge")),
                "apt", "apt-get", "aptitude");
        r.put(c -> c.namesOnly = true, "apt-cache", "apt-file", "dpkg-query", "rpm-query");
        r.put(SystemPackages::dpkg, "dpkg");
        r.put(c -> system(c, "apk", Set.of("add", "update", "upgrade", "fetch", "fix"), Set.of("del")), "apk");
        r.put(c -> system(c, "dnf", Set.of("install", "update", "upgrade", "makecache", "groupinstall", "download",
                "reinstall", "distro-sync", "check-update", "builddep"), Set.of("remove", "erase", "autoremove",
                "groupremove")), "dnf", "yum", "microdnf", "tdnf", "zypper");
        r.put(SystemPackages::pacman, "pacman", "yay", "paru");
        r.put(c -> system(c, "brew", Set.of("install", "upgrade", "update", "tap", "fetch", "reinstall", "bundle"),
                Set.of("uninstall", "remove", "rm", "cleanup", "untap", "autoremove")), "brew");
        r.put(c -> system(c, "snap", Set.of("install", "refresh", "download"), Set.of("remove")), "snap");
        r.put(c -> system(c, "flatpak", Set.of("install", "update", "remote-add"), Set.of("uninstall", "remove")),
                "flatpak");
        r.put(c -> system(c, "port", Set.of("install", "upgrade", "selfupdate", "sync"), Set.of("uninstall")), "port");
        r.put(SystemPackages::nix, "nix", "nix-env", "nix-shell", "nix-build");
        r.put(SystemPackages::gem, "gem");
        r.put(SystemPackages::bundle, "bundle", "bundler");
    }

    private static void system(Call c, String tool, Set<String> fetching, Set<String> removing) {
        Opts o = Opts.parse(c.args(), "ocStXt", Set.of("--option", "--config-file", "--target-release", "--root"));
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        String sub = o.first();
        List<Arg> rest = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        o.operands.forEach(c::notAPath);
        c.prefix(sub);
        String names = String.join(" ", rest.stream().map(Arg::text).toList());
        if (Set.of("source", "download", "fetch", "changelog").contains(sub)) {
            c.registry(tool); // into the working folder: it can work, with the registry's network
        } else if (fetching.contains(sub) || removing.contains(sub)) {
            rooted(c, names);
            rest.stream().filter(a -> a.text().endsWith(".deb") || a.text().endsWith(".rpm") || a.text().endsWith(".apk"))
                    .forEach(c::reads);
        }
    }

    private static void dpkg(Call c) {
        Opts o = Opts.parse(c.args());
        if (o.has("-i", "--install", "--unpack", "--configure")) {
            o.operands.forEach(c::reads);
            rooted(c, "");
        } else if (o.has("-r", "--remove", "-P", "--purge")) {
            rooted(c, "");
        } else {
            c.namesOnly = true;
        }
    }

    /**
     * Installing, updating or removing system packages changes the container's root, read-only in every sandbox
     * (and its user is not root): it fails whatever is approved, so it is said, not asked about (#17), with what works.
     */
    static void rooted(Call c, String names) {
        c.fx.add(Tier.READ, "outside-workspace", "system packages" + (names.isEmpty() ? "" : " (" + names + ")")
                + " (read-only in every sandbox: the change fails there; put them in the image, a profile's \"image\""
                + " or the workspace's devcontainer, or install into the workspace: a venv, pip install --target, npm"
                + " install without -g)");
    }

    private static void pacman(Call c) {
        String op = c.args().stream().map(Arg::text).filter(t -> t.matches("-[A-Z][a-zA-Z]*")).findFirst().orElse("");
        c.prefix(op);
        c.namesOnly = true;
        if (op.startsWith("-S") || op.startsWith("-U") || op.startsWith("-R")) {
            rooted(c, "");
        }
    }

    private static void nix(Call c) {
        String sub = c.arg(0);
        c.prefix(sub);
        c.namesOnly = true;
        if (c.program.equals("nix-shell") || Set.of("shell", "develop", "run").contains(sub)) {
            c.fx.networkUnknown("the Nix binary caches");
            c.executes(c.program + " " + sub + " runs a program in a Nix environment");
        } else if (!Set.of("--version", "eval", "search", "flake", "path-info", "log", "why-depends").contains(sub)) {
            c.fx.networkUnknown("the Nix binary caches");
            c.executes(c.program + " " + sub + " builds Nix derivations");
        }
    }

    private static void gem(Call c) {
        Opts o = Opts.parse(c.args(), "vs", Set.of("--version", "--source", "--install-dir"));
        String sub = o.first();
        c.prefix(sub);
        o.operands.forEach(c::notAPath);
        switch (sub) {
            case "install", "i", "update", "fetch", "search", "outdated", "sources", "specific_install" -> {
                Packages.fetches(c, "gem", o.value("-s", "--source"));
                if (!Set.of("fetch", "search", "outdated", "sources").contains(sub)) {
                    o.value("--install-dir").ifPresentOrElse(c::writes, () -> Packages.global(c, "Ruby gems"));
                }
            }
            case "push", "yank", "owner", "signin" -> {
                c.registry("gem");
                Packages.publishes(c, "gem " + sub);
            }
            case "uninstall" -> Packages.global(c, "Ruby gems");
            case "build" -> c.fx.add(Tier.WRITE, "writes", "a .gem file");
            default -> {
            }
        }
    }

    private static void bundle(Call c) {
        Opts o = Opts.parse(c.args(), "", Set.of("--gemfile", "--path", "--jobs", "--retry", "--without", "--with"), true);
        String sub = o.operands.isEmpty() ? "install" : o.first();
        List<Arg> rest = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        c.prefix(sub);
        switch (sub) {
            case "install", "update", "add", "lock", "outdated", "package", "cache", "binstubs", "pristine", "remove" -> {
                o.operands.forEach(c::notAPath);
                if (!o.has("--local")) {
                    c.registry("bundle");
                }
                c.fx.add(Tier.WRITE, "installs", "gems for the project");
            }
            case "exec", "ex" -> c.handOn(rest);
            case "console", "open" -> c.opaque("bundle " + sub + " opens an interactive session");
            default -> o.operands.forEach(c::notAPath);
        }
    }
}
