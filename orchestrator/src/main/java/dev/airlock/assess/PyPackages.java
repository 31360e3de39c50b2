package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * pip, uv, poetry, pipenv, pipx, conda, pdm, hatch, twine, and {@code python -m MODULE}: installing is NETWORK
 * to PyPI (or the index given); {@code poetry run}/{@code uv run} are assessed as the command they run.
 */
final class PyPackages {

    private static final Set<String> PIP_VALUED = Set.of("-r", "--requirement", "-c", "--constraint", "-e",
            "--editable", "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix",
            "--root", "--src", "--platform", "--python-version", "--implementation", "--abi", "--only-binary",
            "--no-binary", "--progress-bar", "--log", "--cache-dir", "--trusted-host", "--proxy", "--timeout",
            "--retries", "--upgrade-strategy", "--python", "-p", "--report", "--config-settings", "-C", "--global-option",
            "-d", "--dest", "-w", "--wheel-dir", "--exists-action", "--group", "--extra", "--index", "--default-index",
            "--with", "--with-requirements", "--from", "--directory", "--project", "--package", "--only-group");

    private PyPackages() {
    }

    static void register(Rules r) {
        r.put(c -> pip(c, c.args(), "pip"), "pip", "pip3");
        r.put(PyPackages::uv, "uv");
        r.put(c -> uvx(c, c.args()), "uvx");
        r.put(c -> projectTool(c, "poetry"), "poetry");
        r.put(c -> projectTool(c, "pipenv"), "pipenv");
        r.put(c -> projectTool(c, "pdm"), "pdm");
        r.put(c -> projectTool(c, "hatch"), "hatch");
        r.put(PyPackages::pipx, "pipx");
        r.put(PyPackages::conda, "conda", "mamba", "micromamba");
        r.put(PyPackages::twine, "twine");
        r.put(c -> venv(c, c.args()), "virtualenv");
    }

    /** {@code python -m MODULE ARGS}: tools are assessed as themselves, other modules are code Airlock cannot see. */
    static void module(Call c, String module, List<Arg> rest) {
        List<Arg> inner = new ArrayList<>();
        inner.add(Arg.of(module));
        inner.addAll(rest);
        switch (module) {
            case "pip", "virtualenv" -> c.handOn(inner);
            case "venv" -> venv(c, rest);
            case "http.server", "SimpleHTTPServer" -> c.executes("starts a web server");
            case "json.tool", "tokenize", "pydoc", "site", "sysconfig", "platform", "this", "timeit", "dis", "pyclbr" ->
                    rest.forEach(a -> c.notAPath(a));
            case "py_compile", "compileall" -> c.fx.add(Tier.WRITE, "writes", "compiled bytecode (__pycache__)");
            case "build" -> {
                c.fx.add(Tier.WRITE, "writes", "dist");
                if (rest.stream().noneMatch(a -> a.text().equals("--no-isolation") || a.text().equals("-n"))) {
                    c.registry("pip");
                }
                c.executes("runs the package's build backend");
            }
            case "unittest", "doctest", "nose", "nose2" -> c.executes("runs the project's tests");
            case "ensurepip" -> c.fx.add(Tier.WRITE, "installs", "pip into the active Python environment");
            default -> {
                if (c.walker.rulesKnow(module) && !Programs.SHELLS.contains(module) && !module.equals("python")) {
                    c.handOn(inner);
                } else {
                    c.opaque("runs the python module " + module + ", which Airlock cannot see into");
                }
            }
        }
    }

    static void pip(Call c, List<Arg> args, String tool) {
        Opts o = Opts.parse(args, "rcieftpdwC", PIP_VALUED);
        String sub = o.first();
        List<Arg> rest = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        o.operands.stream().limit(1).forEach(c::notAPath);
        c.prefix(sub);
        switch (sub) {
            case "install", "download", "wheel", "sync", "compile" -> install(c, o, rest, tool, sub);
            case "search", "index" -> c.registry(tool);
            case "uninstall" -> {
                o.value("-r", "--requirement").ifPresent(c::reads);
                rest.forEach(c::notAPath);
                c.fx.add(Tier.WRITE, "uninstalls", "packages from the active Python environment");
            }
            default -> rest.forEach(c::notAPath);
        }
    }

    private static void install(Call c, Opts o, List<Arg> specs, String tool, String sub) {
        o.value("-r", "--requirement").ifPresent(c::reads);
        o.value("-c", "--constraint").ifPresent(c::reads);
        List<Arg> all = new ArrayList<>(specs);
        o.value("-e", "--editable").ifPresent(all::add);
        if (sub.equals("compile") || sub.equals("sync")) {
            specs.forEach(c::reads);
            all.clear();
        }
        Optional<Arg> index = o.value("-i", "--index-url", "--default-index", "--index");
        boolean offline = o.has("--no-index", "--offline");
        if (offline) {
            c.executes(tool + " installs from local files only");
        } else {
            Packages.fetches(c, tool, index);
            o.value("--extra-index-url").ifPresent(c::connects);
        }
        o.value("-f", "--find-links").ifPresent(f -> {
            if (Urls.hasScheme(f.text())) {
                c.connects(f);
            } else {
                c.reads(f);
            }
        });
        Packages.specs(c, all);
        if (sub.equals("download") || sub.equals("wheel")) {
            c.writes(o.value("-d", "--dest", "-w", "--wheel-dir").orElse(Arg.of(".")));
            return;
        }
        if (o.value("-t", "--target", "--prefix", "--root").isPresent()) {
            c.writes(o.value("-t", "--target", "--prefix", "--root").get());
        } else if (o.has("--user", "--break-system-packages", "--system")) {
            Packages.global(c, tool + " packages for the user or the system");
        } else if (!o.has("--dry-run")) {
            c.fx.add(Tier.WRITE, "installs", "packages into the active Python environment");
        }
    }

    private static void venv(Call c, List<Arg> args) {
        Opts o = Opts.parse(args, "p", Set.of("--prompt", "--python"));
        (o.operands.isEmpty() ? List.of(Arg.of(".venv")) : o.operands).forEach(a -> c.writes(a, "creates", Tier.WRITE));
        if (o.has("--upgrade-deps")) {
            c.registry("pip");
        }
    }

    private static void uv(Call c) {
        Opts o = Opts.parse(c.args(), "p", PIP_VALUED, true);
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        String sub = o.first();
        List<Arg> rest = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        o.value("--directory", "--project").ifPresent(d -> c.cwd = Basics.directory(c, d));
        c.prefix(sub);
        switch (sub) {
            case "pip" -> {
                pip(c, rest, "uv");
                c.prefix("pip", rest.isEmpty() ? "" : rest.getFirst().text());
            }
            case "add", "sync", "lock", "remove", "export", "tree", "build", "publish" -> {
                Opts r = Opts.parse(rest, "p", PIP_VALUED);
                if (r.has("--offline", "--frozen") && !sub.equals("publish")) {
                    c.executes("uv " + sub + " with the local cache only");
                } else {
                    Packages.fetches(c, "uv", r.value("--index", "--default-index", "-i", "--index-url"));
                }
                Packages.specs(c, sub.equals("add") ? r.operands : List.of());
                if (sub.equals("publish")) {
                    Packages.publishes(c, "uv publish");
                } else if (!sub.equals("tree") && !sub.equals("export")) {
                    c.fx.add(Tier.WRITE, "writes", "pyproject.toml, uv.lock and .venv");
                }
            }
            case "venv" -> venv(c, rest);
            case "run" -> run(c, rest, "uv");
            case "tool" -> {
                String t = rest.isEmpty() ? "" : rest.getFirst().text();
                c.prefix("tool", t);
                if (t.equals("run")) {
                    uvx(c, rest.subList(1, rest.size()));
                } else if (Set.of("install", "upgrade").contains(t)) {
                    c.registry("uv");
                    Packages.global(c, "uv tools");
                } else if (t.equals("uninstall")) {
                    Packages.global(c, "uv tools");
                }
            }
            case "python" -> {
                String t = rest.isEmpty() ? "" : rest.getFirst().text();
                c.prefix("python", t);
                if (Set.of("install", "upgrade").contains(t)) {
                    c.fx.network("github.com");
                    Packages.global(c, "uv-managed Python versions");
                }
            }
            case "init" -> c.fx.add(Tier.WRITE, "creates", "a Python project (pyproject.toml)");
            case "self" -> c.fx.network("github.com");
            case "cache", "version", "help", "generate-shell-completion", "" -> {
            }
            default -> c.executes("runs uv " + sub + ", a command Airlock does not know");
        }
    }

    /** {@code uvx TOOL} / {@code pipx run TOOL}: always downloads the tool into a throwaway environment. */
    private static void uvx(Call c, List<Arg> args) {
        Opts o = Opts.parse(args, "p", PIP_VALUED, true);
        c.registry("uv");
        if (o.operands.isEmpty()) {
            return;
        }
        String tool = o.operands.getFirst().text().replaceFirst("[@=<>~!].*$", "");
        List<Arg> inner = new ArrayList<>();
        inner.add(Arg.of(tool));
        inner.addAll(o.operands.subList(1, o.operands.size()));
        if (c.walker.rulesKnow(tool)) {
            c.handOn(inner);
        } else {
            o.operands.forEach(c::notAPath);
            c.executes("runs " + tool + ", downloaded from the package index");
        }
    }

    /** {@code poetry run X}, {@code uv run X}: X is the part; the tool may first sync the environment. */
    private static void run(Call c, List<Arg> rest, String tool) {
        Opts r = Opts.parse(rest, "p", PIP_VALUED, true);
        if (r.value("--with", "--with-requirements").isPresent()) {
            c.registry(tool);
        }
        if (r.operands.isEmpty()) {
            return;
        }
        Arg first = r.operands.getFirst();
        if (first.text().endsWith(".py")) {
            List<Arg> inner = new ArrayList<>();
            inner.add(Arg.of("python"));
            inner.addAll(r.operands);
            c.handOn(inner);
        } else {
            c.handOn(r.operands);
        }
    }

    private static void projectTool(Call c, String tool) {
        Opts o = Opts.parse(c.args(), "CP", Set.of("--directory", "-C", "--project", "-P"), true);
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        String sub = o.first();
        List<Arg> rest = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        c.prefix(sub);
        switch (sub) {
            case "install", "add", "update", "lock", "remove", "sync", "upgrade", "source", "self", "uninstall" -> {
                if (rest.stream().anyMatch(a -> a.text().equals("--offline"))) {
                    c.executes(tool + " " + sub + " with the local cache only");
                } else {
                    c.registry(tool);
                }
                Packages.specs(c, sub.equals("add") || sub.equals("install") ? rest.stream()
                        .filter(a -> !a.isOption()).toList() : List.of());
                c.fx.add(Tier.WRITE, "installs", "packages into the project's environment");
            }
            case "publish" -> {
                c.registry(tool);
                Packages.publishes(c, tool + " publish");
            }
            case "run" -> run(c, rest, tool);
            case "shell" -> c.opaque(tool + " shell opens an interactive shell");
            case "build" -> c.fx.add(Tier.WRITE, "writes", "dist");
            case "init", "new" -> c.fx.add(Tier.WRITE, "creates", "a Python project");
            case "version" -> {
                if (!rest.isEmpty() && !rest.getFirst().isOption()) {
                    c.fx.add(Tier.WRITE, "writes", "the project's version");
                }
            }
            case "test" -> c.executes("runs the project's tests");
            default -> rest.forEach(c::notAPath);
        }
    }

    private static void pipx(Call c) {
        String sub = c.arg(0);
        c.prefix(sub);
        List<Arg> rest = c.args().isEmpty() ? List.of() : c.args().subList(1, c.args().size());
        switch (sub) {
            case "run" -> uvx(c, rest);
            case "install", "upgrade", "upgrade-all", "inject", "reinstall", "reinstall-all", "install-all" -> {
                c.registry("pipx");
                Packages.global(c, "pipx applications");
            }
            case "uninstall", "uninstall-all", "uninject" -> Packages.global(c, "pipx applications");
            default -> rest.forEach(c::notAPath);
        }
    }

    private static void conda(Call c) {
        Opts o = Opts.parse(c.args(), "nprc", Set.of("--name", "--prefix", "--channel", "--file", "--override-channels"), true);
        String sub = o.first();
        List<Arg> rest = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        if (sub.equals("env") && !rest.isEmpty()) {
            sub = "env " + rest.getFirst().text();
        }
        c.prefix(sub.split(" "));
        switch (sub) {
            case "install", "create", "update", "upgrade", "search", "env create", "env update", "self-update" -> {
                c.registry(c.program.equals("conda") ? "conda" : "mamba");
                c.fx.add(Tier.WRITE, "installs", "packages into a conda environment");
            }
            case "remove", "uninstall", "env remove" -> c.fx.add(Tier.WRITE, "uninstalls", "packages from a conda environment");
            case "run" -> {
                Opts r = Opts.parse(rest, "np", Set.of("--name", "--prefix", "--cwd"), true);
                c.handOn(r.operands);
            }
            case "activate", "deactivate" -> c.executes(c.program + " " + sub + " changes the shell's environment");
            default -> rest.forEach(c::notAPath);
        }
    }

    private static void twine(Call c) {
        String sub = c.arg(0);
        c.prefix(sub);
        if (sub.equals("upload") || sub.equals("register")) {
            c.fx.network("upload.pypi.org");
            Packages.publishes(c, "twine " + sub);
        }
        c.args().stream().skip(1).filter(a -> !a.isOption()).forEach(c::reads);
    }
}
