package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * npm, npx, pnpm, yarn, bun, deno: installing is NETWORK to the registry (and runs install scripts);
 * running a package script is EXECUTE; {@code npx tool} is assessed as the tool, plus the download when asked for.
 */
final class JsPackages {

    private static final Map<String, String> NPM_ALIASES = Map.ofEntries(Map.entry("i", "install"),
            Map.entry("in", "install"), Map.entry("ins", "install"), Map.entry("inst", "install"),
            Map.entry("insta", "install"), Map.entry("instal", "install"), Map.entry("isnt", "install"),
            Map.entry("isntall", "install"), Map.entry("add", "install"), Map.entry("clean-install", "ci"),
            Map.entry("ic", "ci"), Map.entry("install-clean", "ci"), Map.entry("isntall-clean", "ci"),
            Map.entry("it", "install-test"), Map.entry("cit", "install-test"), Map.entry("un", "uninstall"),
            Map.entry("remove", "uninstall"), Map.entry("rm", "uninstall"), Map.entry("r", "uninstall"),
            Map.entry("unlink", "uninstall"), Map.entry("up", "update"), Map.entry("upgrade", "update"),
            Map.entry("udpate", "update"), Map.entry("run-script", "run"), Map.entry("rum", "run"),
            Map.entry("urn", "run"), Map.entry("t", "test"), Map.entry("tst", "test"), Map.entry("x", "exec"),
            Map.entry("list", "ls"), Map.entry("ll", "ls"), Map.entry("la", "ls"), Map.entry("v", "view"),
            Map.entry("info", "view"), Map.entry("show", "view"), Map.entry("s", "search"), Map.entry("se", "search"),
            Map.entry("find", "search"), Map.entry("c", "config"), Map.entry("ln", "link"), Map.entry("rb", "rebuild"),
            Map.entry("ddp", "dedupe"), Map.entry("adduser", "login"), Map.entry("create", "init"),
            Map.entry("innit", "init"));
    private static final Set<String> NPM_VALUED = Set.of("--prefix", "-C", "--workspace", "-w", "--registry", "--cache",
            "--userconfig", "--globalconfig", "--tag", "--access", "--otp", "--loglevel", "--omit", "--include",
            "--install-strategy", "--before", "--scope", "--package", "-p", "--call", "-c", "--filter", "-F", "--dir",
            "--cwd", "--node-options", "--script-shell");
    private static final Set<String> NPM_NETWORK = Set.of("install", "ci", "install-test", "update", "outdated", "audit",
            "view", "search", "ping", "publish", "unpublish", "deprecate", "dist-tag", "owner", "login", "logout",
            "whoami", "token", "doctor", "diff", "access", "org", "team", "hook", "star", "unstar", "stars", "profile",
            "repo", "docs", "bugs", "home", "sbom", "fetch", "add", "dlx", "create", "import", "upgrade", "up");
    private static final Set<String> NPM_WRITE = Set.of("uninstall", "prune", "dedupe", "rebuild", "link",
            "shrinkwrap", "pkg", "version", "init", "pack", "set-script", "remove", "unlink");
    private static final Set<String> NPM_READ = Set.of("ls", "config", "get", "set", "help", "help-search", "root",
            "prefix", "bin", "explain", "why", "query", "completion", "fund", "cache", "env", "store", "licenses",
            "audit-signatures", "outdated-local");

    private JsPackages() {
    }

    static void register(Rules r) {
        r.put(c -> npmLike(c, "npm"), "npm");
        r.put(c -> npmLike(c, "pnpm"), "pnpm");
        r.put(c -> npmLike(c, "yarn"), "yarn");
        r.put(JsPackages::bun, "bun");
        r.put(c -> npx(c, c.args(), "npm"), "npx");
        r.put(c -> npx(c, c.args(), "bun"), "bunx");
        r.put(JsPackages::deno, "deno");
        r.put(JsPackages::corepack, "corepack");
        r.put(JsPackages::nodeVersions, "nvm", "fnm", "volta", "n", "nodenv");
    }

    private static void npmLike(Call c, String tool) {
        Opts o = Opts.parse(c.args(), "CwpcF", NPM_VALUED);
        Optional<Arg> registry = o.value("--registry");
        o.value("--prefix", "-C", "--dir", "--cwd").ifPresent(d -> c.cwd = Basics.directory(c, d));
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        List<Arg> ops = o.operands;
        String raw = ops.isEmpty() ? (tool.equals("yarn") ? "install" : "") : ops.getFirst().text();
        String sub = tool.equals("npm") ? NPM_ALIASES.getOrDefault(raw, raw) : raw;
        List<Arg> rest = ops.isEmpty() ? List.of() : ops.subList(1, ops.size());
        ops.stream().limit(1).forEach(c::notAPath);
        c.prefix(raw);
        boolean global = o.has("-g", "--global", "--location") || sub.equals("global");
        if (tool.equals("yarn") && sub.equals("global") && !rest.isEmpty()) {
            sub = rest.getFirst().text();
            rest = rest.subList(1, rest.size());
        }
        if (tool.equals("yarn") && (sub.equals("workspace") && rest.size() > 1)) {
            c.handOn(withProgram(tool, rest.subList(1, rest.size())));
            return;
        }
        switch (sub) {
            case "run", "test", "start", "stop", "restart", "run-script" -> {
                String script = sub.startsWith("run") ? (rest.isEmpty() ? "" : rest.getFirst().text()) : sub;
                if (!script.isEmpty()) {
                    c.executes("runs the package script '" + script + "' (project code)");
                }
                rest.forEach(c::notAPath);
            }
            case "exec", "dlx" -> {
                if (sub.equals("dlx")) {
                    Packages.fetches(c, tool, registry);
                }
                npx(c, rest, tool);
            }
            case "install", "ci", "install-test", "update", "add", "upgrade", "up", "import" -> {
                if (o.has("--offline")) {
                    c.executes(tool + " " + sub + " installs from the local cache only");
                } else {
                    Packages.fetches(c, tool, registry);
                }
                Packages.specs(c, rest);
                if (global) {
                    Packages.global(c, tool + " global packages");
                } else {
                    c.writes(Arg.of("node_modules"));
                }
                if (!o.has("--ignore-scripts")) {
                    c.executes("packages' install scripts run");
                }
                if (sub.equals("install-test")) {
                    c.executes("runs the package script 'test' (project code)");
                }
            }
            case "publish", "unpublish", "deprecate" -> {
                Packages.fetches(c, tool, registry);
                Packages.publishes(c, tool + " " + sub + (rest.isEmpty() ? "" : " " + rest.getFirst().text()));
            }
            case "login" -> {
                Packages.fetches(c, tool, registry);
                c.writes(Arg.of("~/.npmrc"));
            }
            case "init" -> {
                if (!rest.isEmpty()) {
                    Packages.fetches(c, tool, registry);
                    c.executes("runs the initializer create-" + rest.getFirst().text());
                }
                c.writes(Arg.of("package.json"));
            }
            case "", "ls", "config", "get", "set", "help", "root", "prefix", "bin", "explain", "why", "query",
                 "completion", "fund", "env", "licenses", "list", "info", "node" -> {
                rest.forEach(c::notAPath);
                if (sub.equals("set") || sub.equals("config") && !rest.isEmpty() && rest.getFirst().text().equals("set")) {
                    c.fx.add(Tier.WRITE, "configures", tool + " config");
                }
                if (tool.equals("yarn") && sub.equals("info")) {
                    Packages.fetches(c, tool, registry);
                }
            }
            default -> other(c, tool, sub, rest, registry);
        }
    }

    private static void other(Call c, String tool, String sub, List<Arg> rest, Optional<Arg> registry) {
        if (NPM_NETWORK.contains(sub)) {
            Packages.fetches(c, tool, registry);
        } else if (NPM_WRITE.contains(sub)) {
            c.fx.add(Tier.WRITE, "writes", tool + " " + sub + " changes package.json or node_modules");
        } else if (NPM_READ.contains(sub)) {
            return;
        } else if (tool.equals("npm")) {
            c.executes("runs npm " + sub + ", a command Airlock does not know");
        } else {
            // yarn and pnpm run a package script (or a binary of a dependency) by its bare name
            c.executes("runs the package script or binary '" + sub + "' (project code)");
        }
        rest.forEach(c::notAPath);
    }

    private static List<Arg> withProgram(String program, List<Arg> args) {
        List<Arg> l = new ArrayList<>();
        l.add(Arg.of(program));
        l.addAll(args);
        return l;
    }

    /**
     * {@code npx TOOL ARGS}: the tool is assessed by its own rule. Asking for a download ({@code -y}, {@code -p},
     * a version such as {@code create-vite@latest}) is NETWORK; a plain name runs what is installed.
     */
    static void npx(Call c, List<Arg> args, String tool) {
        Opts o = Opts.parse(args, "pc", Set.of("--package", "--call", "--node-options", "--registry", "--cache"), true);
        boolean download = o.has("-y", "--yes", "-p", "--package", "--ignore-existing");
        if (o.value("-c", "--call").isPresent()) {
            Arg code = o.value("-c", "--call").get();
            if (download) {
                Packages.fetches(c, tool, o.value("--registry"));
            }
            if (code.exact()) {
                c.shell(code.value());
            } else {
                c.opaque("npx -c " + code.text() + ": the command is known only at run time");
            }
            return;
        }
        if (o.operands.isEmpty()) {
            return;
        }
        Arg first = o.operands.getFirst();
        String spec = first.text();
        String name = spec.startsWith("@") ? spec.replaceFirst("(?<=.)@[^/]*$", "") : spec.replaceFirst("@.*$", "");
        download |= !name.equals(spec) || name.startsWith("create-") || Urls.hasScheme(spec);
        if (download && !o.has("--no-install", "--offline", "--prefer-offline")) {
            Packages.fetches(c, tool, o.value("--registry"));
            c.executes("runs " + name + ", downloaded from the registry");
        }
        String bin = Programs.basename(name);
        List<Arg> inner = new ArrayList<>();
        inner.add(Arg.of(bin));
        inner.addAll(o.operands.subList(1, o.operands.size()));
        if (c.walker.rulesKnow(bin)) {
            c.handOn(inner);
        } else {
            o.operands.forEach(c::notAPath);
            if (!download) {
                c.executes("runs " + bin + " from the project's node_modules (npx downloads it if it is missing)");
            }
        }
    }

    private static void bun(Call c) {
        Opts o = Opts.parse(c.args(), "e", Set.of("--cwd", "--eval", "--print", "--preload", "--config"), true);
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        if (o.value("-e", "--eval", "--print").isPresent()) {
            c.opaque("bun runs inline code: " + AssessmentText.shorten(o.value("-e", "--eval", "--print").get().text(), 60));
            return;
        }
        String sub = o.first();
        List<Arg> rest = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        c.prefix(sub);
        switch (sub) {
            case "install", "i", "add", "a", "update", "outdated", "link", "pm", "publish", "create", "c", "upgrade",
                 "remove", "rm" -> {
                Packages.fetches(c, "bun", Optional.empty());
                if (!sub.startsWith("r") && !sub.equals("outdated") && !sub.equals("pm")) {
                    c.writes(Arg.of("node_modules"));
                }
                Packages.specs(c, rest);
            }
            case "x" -> npx(c, rest, "bun");
            case "test" -> c.executes("runs the project's tests");
            case "build" -> c.fx.add(Tier.WRITE, "writes", "bun build output");
            case "run" -> {
                if (!rest.isEmpty() && rest.getFirst().text().matches(".*\\.(ts|tsx|js|jsx|mjs|cjs)")) {
                    c.reads(rest.getFirst());
                    c.opaque("runs the script " + rest.getFirst().text() + ", which Airlock cannot see into");
                } else {
                    c.executes("runs the package script '" + (rest.isEmpty() ? "" : rest.getFirst().text()) + "' (project code)");
                }
            }
            case "" -> c.opaque("bun starts an interactive session");
            default -> {
                if (sub.matches(".*\\.(ts|tsx|js|jsx|mjs|cjs)") || sub.contains("/")) {
                    c.reads(o.operands.getFirst());
                    c.opaque("runs the script " + sub + ", which Airlock cannot see into");
                } else {
                    c.executes("runs the package script or binary '" + sub + "' (project code)");
                }
            }
        }
    }

    private static void deno(Call c) {
        Opts o = Opts.parse(c.args(), "", Set.of(), true);
        String sub = o.first();
        c.prefix(sub);
        List<Arg> rest = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        Opts r = Opts.parse(rest, "", Set.of("--config", "--import-map", "--lock", "--cert", "--location", "--env-file",
                "--ext", "--watch-exclude"), true);
        switch (sub) {
            case "run", "serve" -> {
                if (!r.operands.isEmpty()) {
                    Arg script = r.operands.getFirst();
                    if (Urls.hasScheme(script.text())) {
                        c.connects(script);
                    } else {
                        c.reads(script);
                    }
                    c.opaque("runs the script " + script.text() + ", which Airlock cannot see into");
                }
            }
            case "eval" -> c.opaque("deno runs inline code: " + AssessmentText.shorten(r.first(), 60));
            case "task" -> c.executes("runs the deno task '" + r.first() + "' (project code)");
            case "test", "bench" -> c.executes("runs the project's tests");
            case "fmt" -> {
                if (!r.has("--check")) {
                    (r.operands.isEmpty() ? List.of(Arg.of(".")) : r.operands).forEach(x -> c.writes(x, "formats", Tier.WRITE));
                }
            }
            case "install", "add", "cache", "upgrade", "outdated", "i" -> Packages.fetches(c, "deno", Optional.empty());
            case "compile", "bundle" -> c.fx.add(Tier.WRITE, "writes", "deno " + sub + " output");
            case "lint", "check", "info", "doc", "types", "completions", "lsp", "" -> {
            }
            default -> {
                c.reads(o.operands.getFirst());
                c.opaque("runs the script " + sub + ", which Airlock cannot see into");
            }
        }
    }

    private static void corepack(Call c) {
        String sub = c.arg(0);
        c.prefix(sub);
        if (Set.of("prepare", "install", "up", "use", "pack", "hydrate").contains(sub)) {
            c.registry("npm");
        } else if (Set.of("enable", "disable").contains(sub)) {
            Packages.global(c, "corepack shims");
        } else if (!sub.isEmpty() && !sub.startsWith("-")) {
            c.handOn(c.args());
        }
    }

    private static void nodeVersions(Call c) {
        String sub = c.arg(0);
        c.prefix(sub);
        if (Set.of("install", "i", "fetch", "setup", "pin").contains(sub)) {
            c.fx.network("nodejs.org");
            Packages.global(c, c.program + " Node.js versions");
        } else if (Set.of("exec", "run").contains(sub) && c.args().size() > 2) {
            c.handOn(c.args().subList(2, c.args().size()));
        } else if (Set.of("use", "alias", "default", "uninstall", "unalias").contains(sub)) {
            c.fx.add(Tier.WRITE, "configures", c.program + " " + sub);
        }
    }
}
