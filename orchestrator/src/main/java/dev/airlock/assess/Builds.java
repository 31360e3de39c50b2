package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Build tools that resolve dependencies as they build: Maven, Gradle, Cargo, Go, .NET and the like. Building
 * fetches from their registries (NETWORK) unless told to stay offline, and runs plugins, build scripts and
 * tests (EXECUTE). Cleaning deletes only their own build output: WRITE.
 */
final class Builds {

    private static final Set<String> MVN_VALUED = Set.of("-f", "--file", "-s", "--settings", "-gs",
            "--global-settings", "-P", "--activate-profiles", "-pl", "--projects", "-rf", "--resume-from", "-T",
            "--threads", "-l", "--log-file", "-b", "--builder", "-t", "--toolchains", "-D", "--define", "-gt", "-el",
            "--global-toolchains", "--color");
    private static final Set<String> GRADLE_VALUED = Set.of("-b", "--build-file", "-c", "--settings-file", "-D",
            "--system-prop", "-P", "--project-prop", "-x", "--exclude-task", "-p", "--project-dir", "-g",
            "--gradle-user-home", "-I", "--init-script", "--console", "--warning-mode", "--max-workers",
            "--include-build", "--priority", "-M", "--write-verification-metadata", "--dependency-verification");
    private static final Set<String> CARGO_NETWORK = Set.of("build", "b", "check", "c", "test", "t", "run", "r",
            "bench", "doc", "d", "clippy", "fetch", "update", "install", "add", "generate-lockfile", "tree", "metadata",
            "vendor", "publish", "search", "login", "owner", "yank", "package", "fix", "miri", "nextest", "llvm-cov",
            "audit", "outdated", "upgrade", "deny", "udeps", "expand", "watch", "tarpaulin", "binstall", "info");
    private static final Set<String> CARGO_EXECUTES = Set.of("build", "b", "check", "c", "test", "t", "run", "r",
            "bench", "doc", "d", "clippy", "fix", "miri", "nextest", "llvm-cov", "tarpaulin", "expand", "watch",
            "install", "package", "publish");
    private static final Set<String> GO_NETWORK = Set.of("get", "install", "build", "test", "run", "vet", "generate",
            "mod", "list", "work");

    private Builds() {
    }

    static void register(Rules r) {
        r.put(Builds::maven, "mvn", "mvnw", "mvnd");
        r.put(Builds::gradle, "gradle", "gradlew");
        r.put(Builds::cargo, "cargo");
        r.put(Builds::rustup, "rustup");
        r.put(Builds::go, "go");
        r.put(Builds::dotnet, "dotnet");
        r.put(c -> fetchingBuild(c, "sbt", Set.of("clean"), Set.of("compile", "test", "run", "package", "assembly",
                "publish", "update", "console")), "sbt");
        r.put(c -> fetchingBuild(c, "lein", Set.of("clean"), Set.of("run", "test", "uberjar", "jar", "deps", "install",
                "deploy", "repl")), "lein");
        r.put(c -> fetchingBuild(c, "composer", Set.of(), Set.of("install", "update", "require", "create-project",
                "global", "upgrade", "reinstall", "outdated", "self-update", "selfupdate")), "composer");
        r.put(c -> fetchingBuild(c, "cabal", Set.of("clean"), Set.of("build", "install", "update", "test", "run",
                "repl", "get", "v2-build", "v2-install")), "cabal");
        r.put(c -> fetchingBuild(c, "stack", Set.of("clean"), Set.of("build", "install", "setup", "test", "run",
                "exec", "ghci", "update", "upgrade", "new")), "stack");
        r.put(c -> fetchingBuild(c, "mix", Set.of("clean"), Set.of("deps.get", "deps.update", "compile", "test",
                "run", "phx.server", "hex.publish", "archive.install", "escript.install", "local.hex", "local.rebar")), "mix");
        r.put(c -> fetchingBuild(c, "rebar3", Set.of("clean"), Set.of("compile", "get-deps", "upgrade", "eunit",
                "ct", "release", "shell", "hex")), "rebar3");
        r.put(c -> fetchingBuild(c, "bazel", Set.of("clean"), Set.of("build", "test", "run", "fetch", "sync",
                "query", "cquery", "aquery", "coverage", "mod")), "bazel", "bazelisk");
        r.put(c -> fetchingBuild(c, "pod", Set.of(), Set.of("install", "update", "repo", "outdated", "search",
                "trunk")), "pod");
        r.put(c -> fetchingBuild(c, "zig", Set.of(), Set.of("fetch", "build")), "zig");
    }

    private static void maven(Call c) {
        List<String> goals = new ArrayList<>();
        boolean offline = false;
        List<Arg> a = c.args();
        for (int i = 0; i < a.size(); i++) {
            String t = a.get(i).text();
            if (t.startsWith("-")) {
                offline |= t.equals("-o") || t.equals("--offline");
                if (MVN_VALUED.contains(t)) {
                    if (t.equals("-f") || t.equals("--file")) {
                        if (i + 1 < a.size()) {
                            c.reads(a.get(i + 1));
                        }
                    }
                    i++;
                }
            } else {
                goals.add(t);
                c.notAPath(a.get(i));
            }
        }
        if (goals.isEmpty()) {
            return;
        }
        c.prefix(goals.getFirst());
        build(c, "mvn", offline, goals, Set.of("clean", "clean:clean"), "target");
        if (goals.stream().anyMatch(g -> g.equals("deploy") || g.startsWith("deploy:") || g.startsWith("release:"))) {
            Packages.publishes(c, "mvn deploy to the repository in the POM");
        }
    }

    private static void gradle(Call c) {
        List<String> tasks = new ArrayList<>();
        boolean offline = false;
        List<Arg> a = c.args();
        for (int i = 0; i < a.size(); i++) {
            String t = a.get(i).text();
            if (t.startsWith("-")) {
                offline |= t.equals("--offline");
                if (GRADLE_VALUED.contains(t)) {
                    if ((t.equals("-I") || t.equals("--init-script")) && i + 1 < a.size()) {
                        c.reads(a.get(i + 1));
                        c.opaque("runs the Gradle init script " + a.get(i + 1).text());
                    }
                    if ((t.equals("-p") || t.equals("--project-dir")) && i + 1 < a.size()) {
                        c.cwd = Basics.directory(c, a.get(i + 1));
                    }
                    i++;
                }
            } else {
                tasks.add(t);
                c.notAPath(a.get(i));
            }
        }
        if (tasks.isEmpty() && Basics.versionOrHelp(a)) {
            return;
        }
        c.prefix(tasks.isEmpty() ? "" : tasks.getFirst());
        build(c, "gradle", offline, tasks.isEmpty() ? List.of("help") : tasks, Set.of("clean"), "build");
        if (tasks.stream().anyMatch(t -> t.startsWith("publish") || t.equals("uploadArchives"))) {
            Packages.publishes(c, "gradle " + tasks.getFirst());
        }
    }

    /** The common shape: fetch unless offline; cleaning deletes build output; anything else runs the build. */
    private static void build(Call c, String tool, boolean offline, List<String> goals, Set<String> cleans, String output) {
        boolean onlyClean = cleans.containsAll(goals);
        if (goals.stream().anyMatch(cleans::contains)) {
            c.fx.add(Tier.WRITE, "deletes-build-output", c.loc(Arg.of(output)).display());
        }
        if (offline) {
            if (!onlyClean) {
                c.executes(tool + " builds offline, running its plugins and the project's tests");
            }
            return;
        }
        c.registry(tool);
        if (!onlyClean) {
            c.executes(tool + " runs its plugins and the project's build and tests");
        }
    }

    private static void cargo(Call c) {
        Opts o = Opts.parse(c.args(), "ZCj", Set.of("--manifest-path", "--config", "--color", "--target-dir",
                "--target", "--features", "--package", "-p", "--bin", "--example", "--test", "--bench", "--jobs",
                "--profile", "--registry", "--index"), true);
        List<Arg> ops = new ArrayList<>(o.operands);
        if (!ops.isEmpty() && ops.getFirst().text().startsWith("+")) {
            ops.removeFirst();
        }
        if (ops.isEmpty() || Basics.versionOrHelp(c.args())) {
            return;
        }
        String sub = ops.getFirst().text();
        List<Arg> rest = ops.subList(1, ops.size());
        rest.forEach(c::notAPath);
        c.prefix(sub);
        Opts r = Opts.parse(rest, "pj", Set.of("--package", "--jobs", "--features", "--bin", "--target"));
        boolean offline = o.has("--offline", "--frozen") || r.has("--offline", "--frozen")
                || "true".equals(c.scope.vars.get("CARGO_NET_OFFLINE"));
        switch (sub) {
            case "fmt" -> {
                if (!r.has("--check")) {
                    c.fx.add(Tier.WRITE, "formats", "the crate's sources");
                }
                return;
            }
            case "clean" -> {
                c.fx.add(Tier.WRITE, "deletes-build-output", "target");
                return;
            }
            case "new", "init" -> {
                c.writes(rest.stream().filter(x -> !x.isOption()).findFirst().orElse(Arg.of(".")), "creates", Tier.WRITE);
                return;
            }
            case "remove", "rm" -> c.fx.add(Tier.WRITE, "writes", "Cargo.toml");
            case "uninstall" -> Packages.global(c, "~/.cargo/bin");
            default -> {
            }
        }
        if (CARGO_NETWORK.contains(sub)) {
            if (offline) {
                c.executes("cargo " + sub + " offline");
            } else {
                Packages.fetches(c, "cargo", o.value("--index").or(() -> r.value("--index")));
            }
        } else if (!Set.of("remove", "rm", "uninstall", "version", "help", "locate-project", "pkgid",
                "verify-project", "read-manifest").contains(sub)) {
            c.executes("runs cargo " + sub + ", a command or plugin Airlock does not know");
        }
        if (CARGO_EXECUTES.contains(sub)) {
            c.executes("cargo " + sub + " compiles and runs build scripts" + (Set.of("test", "t", "run", "r", "bench",
                    "nextest", "miri", "llvm-cov", "tarpaulin").contains(sub) ? " and the project's code" : ""));
        }
        if (sub.equals("install")) {
            Packages.global(c, "~/.cargo/bin");
        }
        if (sub.equals("publish") || sub.equals("yank") || sub.equals("owner")) {
            Packages.publishes(c, "cargo " + sub);
        }
        if ((sub.equals("clippy") || sub.equals("fix")) && r.has("--fix") | sub.equals("fix")) {
            c.fx.add(Tier.WRITE, "edits", "the crate's sources");
        }
    }

    private static void rustup(Call c) {
        String sub = c.arg(0);
        c.prefix(sub);
        List<Arg> rest = c.args().isEmpty() ? List.of() : c.args().subList(1, c.args().size());
        String verb = rest.isEmpty() ? "" : rest.getFirst().text();
        if (Set.of("install", "update", "self").contains(sub) || Set.of("toolchain", "target", "component").contains(sub)
                && Set.of("install", "add", "update").contains(verb)) {
            c.registry("rustup");
            Packages.global(c, "rustup toolchains");
        } else if (sub.equals("run") && rest.size() > 1) {
            c.handOn(rest.subList(1, rest.size()));
        } else if (Set.of("default", "override", "set").contains(sub)) {
            c.fx.add(Tier.WRITE, "configures", "rustup " + sub);
        }
    }

    private static void go(Call c) {
        Opts o = Opts.parse(c.args(), "C", Set.of(), true);
        o.value("-C").ifPresent(d -> c.cwd = Basics.directory(c, d));
        if (o.operands.isEmpty() || Basics.versionOrHelp(c.args())) {
            return;
        }
        String sub = o.first();
        List<Arg> rest = o.operands.subList(1, o.operands.size());
        String verb = rest.isEmpty() ? "" : rest.getFirst().text();
        c.prefix(sub);
        Opts r = Opts.parse(rest, "o", Set.of("-o", "-mod", "-tags", "-ldflags", "-gcflags", "-run", "-bench",
                "-timeout", "-count", "-p", "-modfile", "-exec", "-toolexec", "-coverprofile"));
        rest.forEach(c::notAPath);
        String flags = (c.scope.vars.getOrDefault("GOFLAGS", "") + " " + String.join(" ", rest.stream().map(Arg::text).toList()));
        boolean offline = flags.contains("-mod=vendor") || "off".equals(c.scope.vars.get("GOPROXY"));
        switch (sub) {
            case "fmt" -> c.fx.add(Tier.WRITE, "formats", "Go sources");
            case "clean", "env", "version", "help", "doc", "telemetry" -> {
                if (sub.equals("env") && r.has("-w", "-u")) {
                    c.fx.add(Tier.WRITE, "configures", "go env (outside the workspace)");
                }
                return;
            }
            case "tool" -> c.executes("runs the Go tool " + verb);
            default -> {
            }
        }
        if (sub.equals("mod") && Set.of("init", "edit").contains(verb) || sub.equals("work") && !verb.equals("sync")) {
            c.fx.add(Tier.WRITE, "writes", sub.equals("mod") ? "go.mod" : "go.work");
            return;
        }
        if (GO_NETWORK.contains(sub) && !offline && !(sub.equals("list") && !r.has("-m"))) {
            String proxy = c.scope.vars.get("GOPROXY");
            if (proxy != null && Urls.hasScheme(proxy)) {
                c.connects(Arg.of(proxy.split("[,|]")[0]));
            } else if ("direct".equals(proxy)) {
                c.fx.networkUnknown("the Go modules' own hosts (GOPROXY=direct)");
            } else {
                c.registry("go");
            }
        }
        switch (sub) {
            case "test", "run", "generate" -> c.executes("go " + sub + " runs the project's code");
            case "build" -> r.value("-o").ifPresentOrElse(c::writes,
                    () -> c.fx.add(Tier.WRITE, "writes", "the compiled program"));
            case "install", "get" -> Packages.global(c, "$GOPATH/bin");
            case "mod" -> {
                if (Set.of("tidy", "vendor").contains(verb)) {
                    c.fx.add(Tier.WRITE, "writes", "go.mod and go.sum");
                }
            }
            default -> {
            }
        }
        if (r.has("-exec", "-toolexec")) {
            c.executes("go " + sub + " runs the program given to -exec");
        }
    }

    private static void dotnet(Call c) {
        Opts o = Opts.parse(c.args(), "", Set.of(), true);
        String sub = o.first();
        if (sub.isEmpty() || Basics.versionOrHelp(c.args()) || c.args().stream().anyMatch(a -> a.text().startsWith("--list-")
                || a.text().equals("--info"))) {
            return;
        }
        List<Arg> rest = o.operands.subList(1, o.operands.size());
        rest.forEach(c::notAPath);
        c.prefix(sub);
        boolean noRestore = rest.stream().anyMatch(a -> a.text().equals("--no-restore"));
        switch (sub) {
            case "restore", "build", "test", "run", "publish", "pack", "add", "tool", "workload", "watch" -> {
                if (!noRestore) {
                    c.registry("dotnet");
                }
                if (!sub.equals("restore") && !sub.equals("add")) {
                    c.executes("dotnet " + sub + " builds and runs the project's code");
                }
            }
            case "format" -> c.fx.add(Tier.WRITE, "formats", "the project's sources");
            case "clean" -> c.fx.add(Tier.WRITE, "deletes-build-output", "bin and obj");
            case "new" -> c.fx.add(Tier.WRITE, "creates", "a .NET project");
            case "nuget" -> {
                c.registry("nuget");
                if (!rest.isEmpty() && rest.getFirst().text().equals("push")) {
                    Packages.publishes(c, "dotnet nuget push");
                }
            }
            default -> {
                if (sub.endsWith(".dll")) {
                    c.opaque("runs " + sub + ", which Airlock cannot see into");
                } else {
                    c.executes("runs dotnet " + sub);
                }
            }
        }
    }

    /** Other build tools: subcommands in {@code fetching} download dependencies; the rest runs the build. */
    private static void fetchingBuild(Call c, String tool, Set<String> cleans, Set<String> fetching) {
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        Opts o = Opts.parse(c.args());
        String sub = o.first();
        c.prefix(sub);
        o.operands.forEach(c::notAPath);
        if (cleans.contains(sub)) {
            c.fx.add(Tier.WRITE, "deletes-build-output", tool + " " + sub);
            return;
        }
        if (fetching.contains(sub) || sub.isEmpty() && Set.of("composer", "pod", "sbt").contains(tool)) {
            Optional<String> host = c.walker.settings().registry(tool).stream().findFirst();
            if (host.isPresent()) {
                c.registry(tool);
            } else {
                c.fx.networkUnknown("the " + tool + " dependency repositories");
            }
        }
        c.executes(tool + (sub.isEmpty() ? "" : " " + sub) + " runs the project's build");
    }
}
