package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Developer tools that are not package managers: formatters (WRITE with their write flag, or by default),
 * linters and type checkers (READ), test runners and build tools (EXECUTE: they run project code), compilers
 * (WRITE their output), servers and editors.
 */
final class DevTools {

    /** How a formatter or fixer decides to write: by default (unless a check flag) or only with a write flag. */
    private record Formatter(boolean byDefault, Set<String> writeFlags, Set<String> checkFlags) {
    }

    private static final Map<String, Formatter> FORMATTERS = Map.ofEntries(
            Map.entry("prettier", new Formatter(false, Set.of("--write", "-w"), Set.of())),
            Map.entry("eslint", new Formatter(false, Set.of("--fix"), Set.of("--fix-dry-run"))),
            Map.entry("black", new Formatter(true, Set.of(), Set.of("--check", "--diff"))),
            Map.entry("blue", new Formatter(true, Set.of(), Set.of("--check", "--diff"))),
            Map.entry("isort", new Formatter(true, Set.of(), Set.of("--check-only", "-c", "--check", "--diff"))),
            Map.entry("autopep8", new Formatter(false, Set.of("-i", "--in-place"), Set.of())),
            Map.entry("autoflake", new Formatter(false, Set.of("-i", "--in-place"), Set.of())),
            Map.entry("pyupgrade", new Formatter(true, Set.of(), Set.of())),
            Map.entry("yapf", new Formatter(false, Set.of("-i", "--in-place"), Set.of())),
            Map.entry("gofmt", new Formatter(false, Set.of("-w"), Set.of())),
            Map.entry("goimports", new Formatter(false, Set.of("-w"), Set.of())),
            Map.entry("gofumpt", new Formatter(false, Set.of("-w"), Set.of())),
            Map.entry("rustfmt", new Formatter(true, Set.of(), Set.of("--check"))),
            Map.entry("clang-format", new Formatter(false, Set.of("-i"), Set.of())),
            Map.entry("clang-tidy", new Formatter(false, Set.of("-fix", "--fix", "-fix-errors", "--fix-errors"), Set.of())),
            Map.entry("shfmt", new Formatter(false, Set.of("-w", "--write"), Set.of())),
            Map.entry("stylua", new Formatter(true, Set.of(), Set.of("--check", "-c"))),
            Map.entry("rubocop", new Formatter(false, Set.of("-a", "-A", "--autocorrect", "--auto-correct",
                    "--autocorrect-all", "--auto-correct-all", "-x", "--fix-layout"), Set.of())),
            Map.entry("standard", new Formatter(false, Set.of("--fix"), Set.of())),
            Map.entry("standardrb", new Formatter(false, Set.of("--fix"), Set.of())),
            Map.entry("stylelint", new Formatter(false, Set.of("--fix"), Set.of())),
            Map.entry("swiftformat", new Formatter(true, Set.of(), Set.of("--lint", "--dryrun"))),
            Map.entry("swift-format", new Formatter(false, Set.of("-i", "--in-place"), Set.of())),
            Map.entry("ktlint", new Formatter(false, Set.of("-F", "--format"), Set.of())),
            Map.entry("markdownlint", new Formatter(false, Set.of("--fix"), Set.of())),
            Map.entry("markdownlint-cli2", new Formatter(false, Set.of("--fix"), Set.of())),
            Map.entry("xo", new Formatter(false, Set.of("--fix"), Set.of())),
            Map.entry("codespell", new Formatter(false, Set.of("-w", "--write-changes"), Set.of())),
            Map.entry("typos", new Formatter(false, Set.of("-w", "--write-changes"), Set.of())),
            Map.entry("djlint", new Formatter(false, Set.of("--reformat"), Set.of())),
            Map.entry("phpcbf", new Formatter(true, Set.of(), Set.of())),
            Map.entry("tslint", new Formatter(false, Set.of("--fix"), Set.of())),
            Map.entry("jsonnetfmt", new Formatter(false, Set.of("-i", "--in-place"), Set.of())),
            Map.entry("buildifier", new Formatter(true, Set.of(), Set.of("-mode=check", "--mode=check"))),
            Map.entry("google-java-format", new Formatter(false, Set.of("-i", "--replace"), Set.of())),
            Map.entry("taplo", new Formatter(false, Set.of("fmt", "format"), Set.of("--check"))),
            Map.entry("mix-format", new Formatter(true, Set.of(), Set.of("--check-formatted"))));

    /** Options of formatters and linters that take a value, so the value is not taken for a file. */
    private static final Set<String> VALUED = Set.of("--config", "-c", "--line-length", "-l", "--ignore-path",
            "--parser", "--target-version", "-t", "--exclude", "--extend-exclude", "--select", "--ignore",
            "--extend-select", "--extend-ignore", "--profile", "--settings-path", "--max-line-length", "--plugin",
            "--rcfile", "--format", "-f", "--output-format", "--ext", "--rule", "--rulesdir", "--resolve-plugins-relative-to",
            "--max-warnings", "--report-unused-disable-directives-severity", "--cache-location", "--style", "--project",
            "-p", "--python-version", "--jobs", "-j", "--severity", "-S", "--shell", "-s", "--indent", "-i", "--src",
            "--skip", "--skip-glob", "--filter", "--output", "-o", "--tsconfig", "--env", "--global", "--stdin-filepath",
            "--log-level", "--loglevel", "--builtin", "--ignore-words", "--disable", "--enable", "--min-confidence");

    private static final String[] LINTERS = {"flake8", "pylint", "mypy", "pyright", "basedpyright", "pyflakes",
            "pycodestyle", "pydocstyle", "bandit", "vulture", "shellcheck", "hadolint", "yamllint", "jsonlint", "tflint",
            "staticcheck", "cppcheck", "actionlint", "commitlint", "editorconfig-checker", "cspell", "htmlhint", "jshint",
            "gitleaks", "detect-secrets", "lizard", "radon", "interrogate", "darglint", "pylama", "prospector", "pytype",
            "pyre", "reek", "brakeman", "phpstan", "psalm", "phpcs", "dialyzer", "svelte-check", "vale", "checkmake",
            "kube-linter", "ansible-lint", "sqlfluff-lint", "pyre-check", "ty", "mdl", "proselint", "textlint",
            "dotenv-linter", "licensee", "cloc", "scc", "tokei", "ctags", "ruff-check"};
    private static final String[] TEST_RUNNERS = {"pytest", "py.test", "nosetests", "nose2", "jest", "vitest", "mocha",
            "ava", "tap", "karma", "jasmine", "phpunit", "pest", "rspec", "cucumber", "cucumber-js", "behave", "ctest",
            "bats", "gotestsum", "codecept", "testcafe", "wdio", "detox", "robot", "ward", "unittest", "trial", "zope-testrunner",
            "hspec", "ginkgo", "newman", "k6", "locust", "hurl"};
    private static final String[] BUILD_TOOLS = {"make", "gmake", "bmake", "cmake", "ninja", "meson", "scons", "just",
            "task", "rake", "invoke", "grunt", "gulp", "webpack", "webpack-cli", "rollup", "esbuild", "vite", "parcel",
            "turbo", "nx", "lerna", "next", "nuxt", "nuxi", "remix", "astro", "ng", "vue-cli-service", "react-scripts",
            "tsup", "swc", "babel", "snowpack", "ember", "gatsby", "expo", "react-native", "electron-builder",
            "electron-forge", "storybook", "sphinx-build", "mkdocs", "jekyll", "hugo", "docusaurus", "typedoc",
            "javadoc", "doxygen", "pandoc", "latexmk", "pdflatex", "xelatex", "lualatex", "asciidoctor", "ant", "buck",
            "buck2", "pants", "earthly", "husky", "lint-staged", "changeset", "semantic-release",
            "wasm-pack", "trunk", "maturin", "setup.py", "premake5", "xmake", "qmake", "autoreconf", "autoconf",
            "automake", "configure", "nodemon", "ts-node-dev", "concurrently", "npm-run-all", "run-s", "run-p",
            "coverage", "c8", "nyc", "istanbul", "hardhat", "truffle", "forge", "anchor", "jupyter", "streamlit",
            "gradio", "flask", "django-admin", "rails", "uvicorn", "gunicorn", "hypercorn", "daphne", "http-server",
            "serve", "live-server", "pm2", "forever", "caddy", "nginx", "apache2", "httpd", "redis-server", "mongod",
            "pg_ctl", "postgres", "mysqld", "electron", "tauri", "cordova", "ionic", "flutter", "dart-run", "sass",
            "lessc", "stylus", "postcss", "tailwindcss", "uglifyjs", "terser", "svgo", "optipng", "convert", "magick",
            "ffmpeg", "protoc", "buf", "flatc", "thrift", "cython", "alembic", "prisma", "sequelize", "knex", "typeorm",
            "drizzle-kit", "dbt", "airflow", "celery", "sidekiq", "foreman", "overmind", "honcho", "tmux", "screen"};
    private static final String[] COMPILERS = {"gcc", "g++", "cc", "c++", "clang", "clang++", "rustc", "javac", "kotlinc",
            "scalac", "ghc", "gfortran", "nasm", "as", "ld", "tcc", "nvcc", "emcc", "swiftc", "dmd", "ldc2", "fpc", "csc",
            "mcs", "ocamlc", "ocamlopt", "elm", "zig-cc", "ar", "strip", "objcopy", "g77"};
    private static final String[] EDITORS = {"vi", "vim", "nvim", "nano", "emacs", "ed", "ex", "code", "subl", "micro",
            "hx", "helix", "kak", "joe", "pico", "mcedit", "jed", "gedit"};

    private DevTools() {
    }

    static void register(Rules r) {
        for (String f : FORMATTERS.keySet()) {
            r.put(c -> formatter(c, FORMATTERS.get(f)), f);
        }
        r.put(c -> Opts.parse(c.args(), "", VALUED).operands.forEach(c::reads), LINTERS);
        r.put(DevTools::ruff, "ruff");
        r.put(DevTools::biome, "biome", "rome", "dprint", "php-cs-fixer", "sqlfluff", "golangci-lint", "terraform-fmt");
        r.put(DevTools::tsc, "tsc", "vue-tsc");
        r.put(c -> {
            c.namesOnly = true;
            if (!Basics.versionOrHelp(c.args())) {
                c.executes("runs the project's tests");
            }
        }, TEST_RUNNERS);
        r.put(DevTools::buildTool, BUILD_TOOLS);
        r.put(DevTools::compiler, COMPILERS);
        r.put(DevTools::editor, EDITORS);
        r.put(DevTools::playwright, "playwright", "cypress");
        r.put(DevTools::coverage, "coverage");
        r.put(DevTools::preCommit, "pre-commit", "prek");
        r.put(c -> {
            if (!Basics.versionOrHelp(c.args()) && !c.args().stream().anyMatch(a -> Set.of("-l", "--list", "--listenvs")
                    .contains(a.text()))) {
                c.registry("pip");
                c.executes(c.program + " builds environments and runs the project's tests");
            }
        }, "tox", "nox");
    }

    private static void preCommit(Call c) {
        String sub = c.arg(0);
        c.prefix(sub);
        switch (sub) {
            case "install", "install-hooks", "uninstall" -> {
                c.writes(Arg.of(".git/hooks/pre-commit"), "installs-hook", Tier.WRITE);
                if (sub.equals("install-hooks")) {
                    c.fx.networkUnknown("the hook repositories named in .pre-commit-config.yaml");
                }
            }
            case "autoupdate" -> {
                c.fx.networkUnknown("the hook repositories named in .pre-commit-config.yaml");
                c.writes(Arg.of(".pre-commit-config.yaml"));
            }
            case "run", "try-repo", "" -> c.executes("runs the project's pre-commit hooks, which may fix files "
                    + "and download hook environments");
            default -> {
            }
        }
    }

    private static void formatter(Call c, Formatter f) {
        Opts o = Opts.parse(c.args(), "", VALUED);
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        boolean writes = f.byDefault() ? f.checkFlags().stream().noneMatch(o::has) && !o.has("--stdin", "-")
                : f.writeFlags().stream().anyMatch(w -> o.has(w) || o.operands.stream().anyMatch(x -> x.text().equals(w)));
        List<Arg> targets = o.operands.stream().filter(a -> !a.text().matches("[0-9]+") && !f.writeFlags().contains(a.text()))
                .toList();
        if (!writes) {
            targets.forEach(c::reads);
            return;
        }
        (targets.isEmpty() ? List.of(Arg.of(".")) : targets).forEach(a -> c.writes(a, "formats", Tier.WRITE));
    }

    private static void ruff(Call c) {
        Opts o = Opts.parse(c.args(), "", VALUED);
        String sub = o.first();
        List<Arg> targets = new ArrayList<>(o.operands);
        if (Set.of("check", "format", "rule", "config", "linter", "clean", "version", "server", "analyze").contains(sub)) {
            targets.removeFirst();
            c.prefix(sub);
        }
        boolean writes = sub.equals("format") ? !o.has("--check", "--diff") : o.has("--fix", "--unsafe-fixes") && !o.has("--diff");
        if (sub.equals("clean")) {
            c.fx.add(Tier.WRITE, "deletes-build-output", ".ruff_cache");
            return;
        }
        if (!writes) {
            targets.forEach(c::reads);
            return;
        }
        (targets.isEmpty() ? List.of(Arg.of(".")) : targets).forEach(a -> c.writes(a, "formats", Tier.WRITE));
    }

    /** Tools with a subcommand and an explicit write flag: {@code biome check --write}, {@code dprint fmt}. */
    private static void biome(Call c) {
        Opts o = Opts.parse(c.args(), "", VALUED);
        String sub = o.first();
        c.prefix(sub);
        List<Arg> targets = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        boolean writes = o.has("--write", "--apply", "--apply-unsafe", "--fix", "--unsafe")
                || Set.of("fmt", "fix").contains(sub) && !o.has("--dry-run", "--check", "--diff");
        if (!writes) {
            targets.forEach(c::reads);
            return;
        }
        (targets.isEmpty() ? List.of(Arg.of(".")) : targets).forEach(a -> c.writes(a, "formats", Tier.WRITE));
    }

    private static void tsc(Call c) {
        Opts o = Opts.parse(c.args(), "p", Set.of("--project", "--outDir", "--outFile", "--rootDir", "--target",
                "--module", "--lib", "--jsx", "--moduleResolution", "--declarationDir", "--tsBuildInfoFile"));
        if (Basics.versionOrHelp(c.args()) || o.has("--noEmit", "--showConfig", "--listFilesOnly")) {
            o.operands.forEach(c::reads);
            return;
        }
        if (o.has("--init")) {
            c.writes(Arg.of("tsconfig.json"));
            return;
        }
        o.operands.forEach(c::reads);
        o.value("--outDir", "--outFile", "--declarationDir").ifPresentOrElse(c::writes,
                () -> c.fx.add(Tier.WRITE, "writes", "compiled output (the outDir of tsconfig.json)"));
        if (o.has("-w", "--watch")) {
            c.executes(c.program + " --watch keeps running");
        }
    }

    private static void buildTool(Call c) {
        c.namesOnly = true;
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        Opts o = Opts.parse(c.args(), "Cfj", Set.of("--directory", "--file", "--makefile", "--jobs"));
        if (c.program.equals("make") || c.program.equals("gmake")) {
            o.value("-C", "--directory").ifPresent(d -> c.cwd = Basics.directory(c, d));
            o.value("-f", "--file", "--makefile").ifPresent(c::reads);
            if (o.has("-n", "--dry-run", "--just-print", "-q", "--question", "-p", "--print-data-base")) {
                return;
            }
        }
        // cmake, meson and ninja take directories, not subcommands
        String sub = Set.of("cmake", "meson", "ninja", "scons", "sphinx-build", "pandoc", "ffmpeg", "convert", "magick")
                .contains(c.program) ? "" : o.first();
        c.prefix(sub);
        o.operands.forEach(c::notAPath);
        c.executes(c.program + (sub.isEmpty() ? "" : " " + sub) + " runs the project's build, scripts or server, "
                + "which Airlock cannot see into");
    }

    private static void compiler(Call c) {
        if (Basics.versionOrHelp(c.args()) || c.args().stream().anyMatch(a -> Set.of("-dumpversion", "-dumpmachine",
                "-fsyntax-only", "-E", "-M", "-MM", "--print-file-name", "-print-search-dirs").contains(a.text()))) {
            return;
        }
        Opts o = Opts.parse(c.args(), "oIDLlWdfmxu", Set.of("-cp", "-classpath", "--class-path", "--out-dir",
                "--target", "--release", "-sourcepath", "--crate-name", "--edition", "--emit", "--crate-type", "-s",
                "-h", "--module-path"));
        o.operands.forEach(c::reads);
        o.value("-o", "-d", "--out-dir").ifPresentOrElse(c::writes,
                () -> c.fx.add(Tier.WRITE, "writes", c.program + " output"));
    }

    private static void editor(Call c) {
        Opts o = Opts.parse(c.args(), "cSu", Set.of("--cmd"));
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        o.operands.forEach(a -> c.writes(a, "edits", Tier.WRITE));
        if (o.operands.isEmpty() && !c.program.equals("ed")) {
            c.executes(c.program + " opens an interactive editor");
        }
    }

    private static void playwright(Call c) {
        String sub = c.arg(0);
        c.prefix(sub);
        if (sub.equals("install") || sub.equals("install-deps")) {
            if (c.program.equals("cypress")) {
                c.fx.network("download.cypress.io");
            } else {
                c.fx.network("cdn.playwright.dev");
                c.fx.network("playwright.download.prss.microsoft.com");
            }
            Packages.global(c, c.program + " browsers");
        } else if (!Basics.versionOrHelp(c.args())) {
            c.executes("runs the project's browser tests");
        }
    }

    private static void coverage(Call c) {
        String sub = c.arg(0);
        c.prefix(sub);
        List<Arg> rest = c.args().isEmpty() ? List.of() : c.args().subList(1, c.args().size());
        if (sub.equals("run")) {
            Opts o = Opts.parse(rest, "", Set.of("--rcfile", "--source", "--omit", "--include", "--data-file",
                    "--concurrency", "--context"), true);
            List<Arg> inner = new ArrayList<>();
            inner.add(Arg.of("python"));
            inner.addAll(rest.subList(rest.size() - o.operands.size(), rest.size()));
            if (o.has("-m", "--module")) {
                inner.add(1, Arg.of("-m"));
            }
            c.handOn(inner);
        } else if (Set.of("html", "xml", "json", "lcov", "combine", "erase").contains(sub)) {
            c.fx.add(Tier.WRITE, "writes", "coverage " + sub + " output");
        }
    }
}
