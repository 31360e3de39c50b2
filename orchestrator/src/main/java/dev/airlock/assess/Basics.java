package dev.airlock.assess;

import dev.airlock.assess.Locations.Kind;
import dev.airlock.assess.Locations.Loc;

import java.util.List;
import java.util.Set;

/**
 * Shell builtins that change only the shell's own state ({@code cd}, {@code export}), programs that only look
 * ({@code ls}, {@code ps}, {@code date}), and the default for programs nobody knows.
 */
final class Basics {

    /** Print or compute something from their arguments; their operands are not files. */
    private static final String[] INFO = {"echo", "printf", "true", "false", ":", "sleep", "pwd", "wait", "date", "cal",
            "whoami", "id", "groups", "users", "who", "w", "logname", "uname", "hostname", "hostnamectl", "uptime",
            "arch", "nproc", "lscpu", "lsblk", "lsusb", "lspci", "free", "vmstat", "iostat", "ps", "pgrep", "pidof",
            "pstree", "top", "htop", "btop", "lsof", "netstat", "ss", "ifconfig", "ip", "route", "dmesg", "locale",
            "tty", "stty", "clear", "reset", "tput", "history", "jobs", "fg", "bg", "disown", "seq", "yes", "getconf",
            "printenv", "man", "info", "help", "apropos", "whatis", "tldr", "bc", "expr", "factor", "numfmt", "let",
            "which", "whereis", "type", "hash", "times", "basename", "dirname", "realpath", "readlink", "test", "[",
            "shift", "return", "exit", "break", "continue", "set", "shopt", "alias", "unalias", "umask", "ulimit",
            "read", "mapfile", "readarray", "getopts", "caller", "enable", "complete", "compgen", "bind", "dirs",
            "suspend", "logout", "sync", "lsattr", "getfacl", "uuidgen", "mount", "findmnt", "df", "cowsay", "figlet",
            "xdpyinfo", "nvidia-smi"};

    /** Look at names and metadata of their operands: listing a secret directory is not reading a secret. */
    private static final String[] LOOKERS = {"ls", "ll", "la", "dir", "vdir", "exa", "eza", "lsd", "tree", "stat",
            "du", "file", "namei", "getfattr"};

    private Basics() {
    }

    static void register(Rules r) {
        r.put(Basics::info, INFO);
        r.put(Basics::looker, LOOKERS);
        r.put(Basics::cd, "cd", "pushd");
        r.put(c -> c.scope.cwd = null, "popd");
        r.put(Basics::export, "export", "declare", "typeset", "local", "readonly");
        r.put(Basics::unset, "unset");
        r.put(Basics::kill, "kill", "pkill", "killall");
        r.put(c -> c.executes(c.program + " manages system services, outside the sandbox's reach"), "systemctl",
                "service", "launchctl", "rc-service");
        r.put(Basics::crontab, "crontab");
        r.put(c -> c.executes(c.program + " opens a file or URL with another program"), "open", "xdg-open", "start");
    }

    static void info(Call c) {
        c.namesOnly = true;
    }

    static void looker(Call c) {
        c.namesOnly = true;
        Opts o = Opts.parse(c.args(), c.program.equals("tree") ? "LPIoH" : "wITdBt",
                Set.of("--ignore", "--hide", "--format", "--sort", "--time-style", "--width", "--max-depth",
                        "--exclude", "--block-size", "--threshold", "--tabsize", "--quoting-style", "--indicator-style"));
        if (c.program.equals("tree")) {
            o.value("-o").ifPresent(c::writes);
        }
        for (Arg a : o.operands) {
            c.looksAt(a);
        }
    }

    /** A program Airlock has no rule for: it runs, and what it does is its own business. */
    static void unknown(Call c) {
        if (versionOrHelp(c.args())) {
            return;
        }
        c.executes("runs " + c.program + ", a program Airlock does not know");
    }

    /** {@code --version}, {@code --help} and their short forms only: asking a program about itself. */
    static boolean versionOrHelp(List<Arg> args) {
        if (args.isEmpty() || args.size() > 2) {
            return false;
        }
        for (Arg a : args) {
            if (!Set.of("--version", "-version", "-V", "-v", "--help", "-help", "-h", "version", "help", "--full-version")
                    .contains(a.text())) {
                return false;
            }
        }
        return true;
    }

    private static void cd(Call c) {
        c.namesOnly = true;
        Opts o = Opts.parse(c.args());
        if (o.operands.isEmpty()) {
            c.scope.cwd = c.program.equals("cd") ? "~" : c.scope.cwd;
            return;
        }
        Arg dir = o.operands.getFirst();
        if (dir.text().equals("-")) {
            c.scope.cwd = null;
            return;
        }
        c.looksAt(dir);
        c.scope.cwd = directory(c, dir);
    }

    /** Where {@code dir} is, as a working directory: absolute, {@code ~...}, or null when unknown. */
    static String directory(Call c, Arg dir) {
        Loc l = c.loc(dir);
        if (!dir.exact() || l.kind() == Kind.UNKNOWN) {
            return null;
        }
        String v = dir.value();
        if (v.startsWith("~")) {
            return "~";
        }
        if (c.cwd != null && c.cwd.startsWith("~") && !v.startsWith("/")) {
            return "~";
        }
        return Locations.normalise(v.startsWith("/") ? v : c.cwd + "/" + v);
    }

    private static void export(Call c) {
        c.namesOnly = true;
        for (Arg a : c.args()) {
            int eq = a.text().indexOf('=');
            if (a.isOption() || eq <= 0) {
                continue;
            }
            String name = a.text().substring(0, eq);
            if (a.exact()) {
                c.scope.vars.put(name, a.value().substring(eq + 1));
            } else {
                c.scope.vars.remove(name);
            }
        }
    }

    private static void unset(Call c) {
        c.namesOnly = true;
        for (Arg a : c.args()) {
            c.scope.vars.remove(a.text());
        }
    }

    private static void kill(Call c) {
        c.namesOnly = true;
        if (!versionOrHelp(c.args()) && !c.arg(0).equals("-l")) {
            c.executes(c.program + " signals running processes");
        }
    }

    private static void crontab(Call c) {
        Opts o = Opts.parse(c.args(), "u", Set.of());
        if (o.has("-l")) {
            return;
        }
        if (o.has("-r")) {
            c.fx.add(Tier.DESTRUCTIVE, "deletes", "the user's crontab");
        } else {
            c.fx.add(Tier.DESTRUCTIVE, "outside-workspace", "the user's crontab");
        }
        c.executes("crontab schedules commands to run later");
    }
}
