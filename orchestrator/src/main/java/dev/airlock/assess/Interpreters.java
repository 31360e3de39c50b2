package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Shells and language interpreters. Shell code Airlock can read ({@code bash -c '...'}, {@code eval} of literal
 * words, a here-document) is assessed like any command line; code it cannot ({@code python -c}, a script file,
 * a pipe into a shell) is opaque: EXECUTE at least, and said so.
 */
final class Interpreters {

    /** Files sourced to set up the environment of a tool, not to do work: sourcing them is not opaque. */
    private static final String ENV_SETUP = "(.*/)?(activate(\\.sh|\\.bash|\\.zsh|\\.fish)?|\\.bashrc|\\.bash_profile"
            + "|\\.profile|\\.zshrc|\\.zprofile|\\.zshenv|env|nvm\\.sh|conda\\.sh|mamba\\.sh|\\.envrc|\\.env(\\..*)?"
            + "|profile|bash_completion|sdkman-init\\.sh|asdf\\.sh|rvm|set_?env\\.sh|setup\\.bash)";

    private Interpreters() {
    }

    static void register(Rules r) {
        r.put(Interpreters::shell, Programs.SHELLS.toArray(String[]::new));
        r.put(Interpreters::busybox, "busybox");
        r.put(Interpreters::source, "source", ".");
        r.put(Interpreters::eval, "eval");
        r.put(Interpreters::trap, "trap");
        r.put(Interpreters::python, "python", "pypy", "pypy3", "ipython");
        r.put(Interpreters::node, "node", "nodejs");
        r.put(c -> perlLike(c, "eE", "IMmlCFx0", true), "perl");
        r.put(c -> perlLike(c, "e", "IrCEKTWx", true), "ruby", "jruby");
        r.put(c -> perlLike(c, "r", "dcfSzt", false), "php");
        r.put(c -> generic(c, Set.of("-e", "--eval", "-p", "--print", "-c", "--code", "-E", "-Command", "-c:"),
                Set.of("-r", "--require", "-I", "-l", "-L", "--project", "-C", "--config")), "lua", "luajit", "Rscript",
                "R", "julia", "ts-node", "tsx", "groovy", "scala", "kotlin", "elixir", "erl", "escript", "osascript",
                "pwsh", "powershell", "tclsh", "wish", "guile", "racket", "swift", "jshell", "irb", "ghci", "runghc",
                "runhaskell", "ocaml", "sbcl", "clojure", "clj", "bb", "nu", "xonsh", "elvish", "crystal", "nim", "v",
                "dart", "raku", "pike", "io", "qjs", "jjs", "rhino", "d8", "hhvm", "gjs");
        r.put(Interpreters::java, "java");
    }

    /** A command word that is a path to a file Airlock cannot see into ({@code ./build.sh}, {@code bin/deploy}). */
    static void script(Call c) {
        c.fx.prefix(List.of(c.argv.getFirst().text()));
        c.opaque("runs " + c.argv.getFirst().text() + ", a script or program Airlock cannot see into");
    }

    static void shell(Call c) {
        List<Arg> args = c.args();
        boolean command = false;
        boolean fromStdin = false;
        boolean syntaxOnly = false;
        int i = 0;
        for (; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.equals("--") || t.equals("-")) {
                i++;
                break;
            }
            if (t.startsWith("--")) {
                if (t.equals("--version") || t.equals("--help")) {
                    return;
                }
                if (t.equals("--rcfile") || t.equals("--init-file")) {
                    i++;
                }
                continue;
            }
            if ((t.startsWith("-") || t.startsWith("+")) && t.length() > 1) {
                for (char ch : t.substring(1).toCharArray()) {
                    command |= ch == 'c';
                    fromStdin |= ch == 's';
                    syntaxOnly |= ch == 'n';
                    if (ch == 'o' || ch == 'O') {
                        i++;
                    }
                }
                continue;
            }
            break;
        }
        List<Arg> rest = args.subList(Math.min(i, args.size()), args.size());
        if (command) {
            if (rest.isEmpty()) {
                c.opaque(c.program + " -c without a command");
            } else if (rest.getFirst().exact()) {
                c.notAPath(rest.getFirst());
                c.shell(rest.getFirst().value());
            } else {
                c.opaque(c.program + " -c " + AssessmentText.shorten(rest.getFirst().text(), 60)
                        + ": the command is known only at run time");
            }
            return;
        }
        if (!rest.isEmpty() && !fromStdin) {
            c.reads(rest.getFirst());
            if (!syntaxOnly) {
                c.opaque("runs the shell script " + rest.getFirst().text() + ", which Airlock cannot see into");
            }
            return;
        }
        if (c.stdin.kind() == Stdin.Kind.TEXT && c.stdin.code().isPresent()) {
            c.shell(c.stdin.code().get());
            return;
        }
        fromInput(c, "commands");
    }

    /** An interpreter reading its program from standard input. */
    private static void fromInput(Call c, String what) {
        switch (c.stdin.kind()) {
            case PIPE -> c.opaque(c.program + " runs " + what + " from its input, the output of: " + c.stdin.detail());
            case FILE -> c.opaque(c.program + " runs " + what + " from " + c.stdin.detail());
            case TEXT -> c.opaque(c.program + " runs " + what + " from a here-document");
            case INHERITED -> c.opaque(c.program + " starts an interactive session");
        }
    }

    private static void busybox(Call c) {
        if (c.args().isEmpty() || c.args().getFirst().isOption()) {
            return;
        }
        c.handOn(c.args());
    }

    private static void source(Call c) {
        if (c.args().isEmpty()) {
            return;
        }
        Arg file = c.args().getFirst();
        c.reads(file);
        if (file.exact() && file.value().matches(ENV_SETUP)) {
            c.executes("sources " + file.text() + " to set up the environment");
        } else {
            c.opaque("sources " + file.text() + ": runs its commands in this shell, unseen");
        }
    }

    private static void eval(Call c) {
        if (c.args().isEmpty()) {
            return;
        }
        c.opaque("eval runs a string as a command");
        if (c.args().stream().allMatch(Arg::exact)) {
            c.shell(c.args().stream().map(Arg::value).collect(Collectors.joining(" ")));
        }
    }

    /** {@code trap 'code' EXIT}: the code runs later, in this shell. */
    private static void trap(Call c) {
        c.namesOnly = true;
        List<Arg> a = c.args();
        if (a.size() >= 2 && !a.getFirst().isOption() && !a.getFirst().text().equals("-") && a.getFirst().exact()) {
            c.shell(a.getFirst().value());
        }
    }

    private static void python(Call c) {
        List<Arg> a = c.args();
        for (int i = 0; i < a.size(); i++) {
            String t = a.get(i).text();
            if (t.equals("-c") || t.startsWith("-c") && !t.startsWith("--")) {
                String code = t.length() > 2 ? t.substring(2) : i + 1 < a.size() ? a.get(i + 1).text() : "";
                if (i + 1 < a.size() && t.length() == 2) {
                    c.notAPath(a.get(i + 1));
                }
                inline(c, code);
                return;
            }
            if (t.equals("-m") || t.startsWith("-m") && !t.startsWith("--")) {
                int next = t.length() > 2 ? i + 1 : i + 2;
                String module = t.length() > 2 ? t.substring(2) : i + 1 < a.size() ? a.get(i + 1).text() : "";
                PyPackages.module(c, module, a.subList(Math.min(next, a.size()), a.size()));
                return;
            }
            if (Set.of("-V", "--version", "-h", "--help", "-VV").contains(t)) {
                return;
            }
            if (t.equals("-W") || t.equals("-X") || t.equals("--check-hash-based-pycs")) {
                i++;
            } else if (t.equals("-")) {
                break;
            } else if (!t.startsWith("-")) {
                scriptFile(c, a.get(i));
                return;
            }
        }
        fromInput(c, "python code");
    }

    private static void node(Call c) {
        Set<String> valued = Set.of("-r", "--require", "--import", "--loader", "--experimental-loader", "-C",
                "--conditions", "--input-type", "--inspect-port", "--title", "--env-file", "--watch-path");
        List<Arg> a = c.args();
        for (int i = 0; i < a.size(); i++) {
            Arg arg = a.get(i);
            String t = arg.text();
            if (Set.of("-e", "--eval", "-p", "--print", "-pe").contains(t)) {
                if (i + 1 < a.size()) {
                    c.notAPath(a.get(i + 1));
                    inline(c, a.get(i + 1).text());
                } else {
                    inline(c, "");
                }
                return;
            }
            if (Set.of("-v", "--version", "-h", "--help").contains(t)) {
                return;
            }
            if (t.equals("--test")) {
                c.executes("runs the project's tests");
                return;
            }
            if (t.equals("-c") || t.equals("--check")) {
                a.subList(i + 1, a.size()).forEach(c::reads);
                return;
            }
            if (valued.contains(t)) {
                if (t.equals("--env-file") && i + 1 < a.size()) {
                    c.reads(a.get(i + 1));
                }
                i++;
            } else if (t.equals("-")) {
                break;
            } else if (!arg.isOption()) {
                scriptFile(c, arg);
                return;
            }
        }
        fromInput(c, "JavaScript");
    }

    /**
     * perl, ruby, php: {@code codeFlags} take inline code, {@code attached} take a value glued to them;
     * {@code -i} edits the operand files in place.
     */
    private static void perlLike(Call c, String codeFlags, String attached, boolean inPlaceFlag) {
        List<Arg> a = c.args();
        boolean code = false;
        boolean inPlace = false;
        List<Arg> operands = new ArrayList<>();
        StringBuilder source = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            Arg arg = a.get(i);
            String t = arg.text();
            if (!operands.isEmpty() || !arg.isOption()) {
                operands.add(arg);
                continue;
            }
            if (Set.of("-v", "--version", "-V", "-h", "--help").contains(t) && a.size() == 1) {
                return;
            }
            for (int j = 1; j < t.length(); j++) {
                char ch = t.charAt(j);
                if (codeFlags.indexOf(ch) >= 0) {
                    code = true;
                    String rest = t.substring(j + 1);
                    if (rest.isEmpty() && i + 1 < a.size()) {
                        c.notAPath(a.get(i + 1));
                        source.append(a.get(++i).text()).append('\n');
                    } else {
                        source.append(rest).append('\n');
                    }
                    break;
                }
                if (ch == 'i' && inPlaceFlag) {
                    inPlace = true;
                    break;
                }
                if (attached.indexOf(ch) >= 0) {
                    break;
                }
            }
        }
        if (code) {
            inline(c, source.toString());
            for (Arg f : operands) {
                if (inPlace) {
                    c.writes(f, "edits", Tier.WRITE);
                } else {
                    c.reads(f);
                }
            }
            return;
        }
        if (!operands.isEmpty()) {
            scriptFile(c, operands.getFirst());
            return;
        }
        fromInput(c, c.program + " code");
    }

    private static void generic(Call c, Set<String> codeFlags, Set<String> valued) {
        List<Arg> a = c.args();
        if (Basics.versionOrHelp(a)) {
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            Arg arg = a.get(i);
            String t = arg.text();
            if (codeFlags.contains(t)) {
                if (i + 1 < a.size()) {
                    c.notAPath(a.get(i + 1));
                }
                inline(c, i + 1 < a.size() ? a.get(i + 1).text() : "");
                return;
            }
            if (valued.contains(t)) {
                i++;
            } else if (!arg.isOption()) {
                scriptFile(c, arg);
                return;
            }
        }
        fromInput(c, c.program + " code");
    }

    private static void java(Call c) {
        List<Arg> a = c.args();
        Set<String> valued = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path", "--add-modules",
                "--add-opens", "--add-exports", "-javaagent", "--source", "--enable-native-access");
        for (int i = 0; i < a.size(); i++) {
            String t = a.get(i).text();
            if (Set.of("-version", "--version", "-showversion", "-help", "--help", "-h", "-?").contains(t)) {
                return;
            }
            if (t.equals("-jar") && i + 1 < a.size()) {
                c.reads(a.get(i + 1));
                c.opaque("runs the program in " + a.get(i + 1).text());
                return;
            }
            if (valued.contains(t)) {
                i++;
            } else if (!t.startsWith("-")) {
                if (t.endsWith(".java")) {
                    scriptFile(c, a.get(i));
                } else {
                    c.notAPath(a.get(i));
                    c.opaque("runs the Java class " + t + ", which Airlock cannot see into");
                }
                return;
            }
        }
    }

    private static void scriptFile(Call c, Arg file) {
        c.reads(file);
        c.opaque("runs the script " + file.text() + ", which Airlock cannot see into");
    }

    private static void inline(Call c, String code) {
        c.opaque(c.program + " runs inline code: " + AssessmentText.shorten(code.strip(), 60));
        c.urlsIn(code);
    }
}
