package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Programs that run another command: {@code sudo}, {@code env}, {@code nice}, {@code timeout}, {@code xargs},
 * {@code watch}, ... The inner command is assessed as the part; the wrapper adds only what it does itself
 * (running as root, reading a dotenv file, feeding input as arguments).
 */
final class Wrappers {

    private static final Set<String> ASSIGNMENT_OPTS = Set.of("-u", "--unset", "-C", "--chdir", "-S", "--split-string");

    private Wrappers() {
    }

    static void register(Rules r) {
        r.put(Wrappers::sudo, "sudo", "doas");
        r.put(Wrappers::su, "su", "runuser");
        r.put(Wrappers::env, "env");
        r.put(c -> wrap(c, "n", Set.of("--adjustment"), 0), "nice");
        r.put(c -> wrap(c, "", Set.of(), 0), "nohup", "setsid", "unbuffer", "chronic", "caffeinate", "catchsegv",
                "dbus-run-session", "fakeroot", "unshare", "with-contenv", "tini", "dumb-init", "numactl", "prlimit",
                "rlwrap", "faketime", "torsocks", "proxychains", "proxychains4", "firejail", "systemd-run", "tsp");
        r.put(c -> wrap(c, "", Set.of(), 1), "chrt");
        r.put(c -> wrap(c, "ioe", Set.of("--input", "--output", "--error"), 0), "stdbuf");
        r.put(c -> wrap(c, "cnp", Set.of("--class", "--classdata", "--pid"), 0), "ionice");
        r.put(c -> wrap(c, "sk", Set.of("--signal", "--kill-after"), 1), "timeout", "gtimeout");
        r.put(c -> wrap(c, "", Set.of("--cpu-list"), c.args().stream().anyMatch(a -> a.text().equals("-p")) ? 99 : 1),
                "taskset");
        r.put(c -> wrap(c, "nspfe", Set.of("--server-num", "--server-args", "--error-file", "--auth-file"), 0),
                "xvfb-run");
        r.put(c -> wrap(c, "u", Set.of("--user"), 1), "gosu", "su-exec", "chpst", "setpriv");
        r.put(Wrappers::time, "time");
        r.put(Wrappers::tracer, "strace", "ltrace", "valgrind");
        r.put(Wrappers::flock, "flock");
        r.put(Wrappers::command, "command");
        r.put(c -> c.handOn(c.args()), "builtin", "nocorrect", "noglob");
        r.put(Wrappers::exec, "exec");
        r.put(Wrappers::watch, "watch");
        r.put(Wrappers::xargs, "xargs");
        r.put(Wrappers::parallel, "parallel");
        r.put(Wrappers::dotenv, "dotenv", "dotenvx");
    }

    /** Runs the operands after the wrapper's own options, skipping {@code skip} leading operands (a duration, a mask). */
    private static void wrap(Call c, String shortValued, Set<String> longValued, int skip) {
        List<Arg> ops = Opts.parse(c.args(), shortValued, longValued, true).operands;
        c.handOn(ops.size() > skip ? ops.subList(skip, ops.size()) : List.of());
    }

    private static void sudo(Call c) {
        Opts o = Opts.parse(c.args(), "ugphCDrtTU", Set.of("--user", "--group", "--host", "--prompt", "--close-from",
                "--chdir", "--role", "--type", "--command-timeout", "--other-user"), true);
        String user = o.value("-u", "--user").map(Arg::text).orElse("root");
        boolean shell = o.has("-s", "--shell", "-i", "--login");
        if (o.operands.isEmpty() && !shell) {
            return;
        }
        c.fx.add(Tier.EXECUTE, "privileged", c.program + " runs it as " + user);
        if (o.operands.isEmpty()) {
            c.opaque(c.program + " opens an interactive shell as " + user);
        } else if (shell) {
            c.shell(String.join(" ", o.operands.stream().map(Arg::text).toList()));
        } else {
            c.handOn(o.operands);
        }
    }

    private static void su(Call c) {
        Opts o = Opts.parse(c.args(), "cgGsuw", Set.of("--command", "--group", "--supp-group", "--shell", "--user",
                "--whitelist-environment", "--session-command"));
        c.fx.add(Tier.EXECUTE, "privileged", c.program + " runs it as another user");
        if (o.value("-c", "--command", "--session-command").isPresent()) {
            Arg code = o.value("-c", "--command", "--session-command").get();
            if (code.exact()) {
                c.shell(code.value());
            } else {
                c.opaque(c.program + " -c " + code.text() + ": the command is known only at run time");
            }
        } else if (c.program.equals("runuser") && o.operands.size() > 0 && o.has("-u", "--user")) {
            c.handOn(o.operands);
        } else {
            c.opaque(c.program + " opens an interactive shell");
        }
    }

    private static void env(Call c) {
        List<Arg> a = c.args();
        ShellState sc = c.scope.copy();
        String cwd = c.cwd;
        List<Arg> split = new ArrayList<>();
        int i = 0;
        while (i < a.size()) {
            Arg arg = a.get(i);
            String t = arg.text();
            if (t.equals("--")) {
                i++;
                break;
            }
            if (ASSIGNMENT_OPTS.contains(t) && i + 1 < a.size()) {
                Arg v = a.get(i + 1);
                if (t.equals("-C") || t.equals("--chdir")) {
                    cwd = Basics.directory(c, v);
                } else if (t.equals("-S") || t.equals("--split-string")) {
                    for (String w : v.text().trim().split("\\s+")) {
                        if (!w.isEmpty()) {
                            split.add(Arg.of(w));
                        }
                    }
                }
                i += 2;
            } else if (arg.isOption() || t.equals("-")) {
                i++;
            } else if (t.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                String name = t.substring(0, t.indexOf('='));
                if (arg.exact()) {
                    sc.vars.put(name, arg.value().substring(name.length() + 1));
                } else {
                    sc.vars.remove(name);
                }
                i++;
            } else {
                break;
            }
        }
        split.addAll(a.subList(i, a.size()));
        if (split.isEmpty()) {
            c.namesOnly = true;
            return;
        }
        sc.cwd = cwd;
        c.handOn(split, sc, c.stdin);
    }

    private static void time(Call c) {
        Opts o = Opts.parse(c.args(), "of", Set.of("--output", "--format"), true);
        o.value("-o", "--output").ifPresent(c::writes);
        c.handOn(o.operands);
    }

    private static void tracer(Call c) {
        Opts o = Opts.parse(c.args(), "oepsSIaEuUXP", Set.of("--output", "--tool", "--log-file"), true);
        o.value("-o", "--output").ifPresent(c::writes);
        if (o.has("-p")) {
            c.executes(c.program + " attaches to a running process");
        }
        c.handOn(o.operands);
    }

    private static void flock(Call c) {
        Opts o = Opts.parse(c.args(), "wEc", Set.of("--timeout", "--conflict-exit-code", "--command"), true);
        if (o.operands.isEmpty()) {
            return;
        }
        c.writes(o.operands.getFirst(), "locks", Tier.WRITE);
        if (o.value("-c", "--command").isPresent()) {
            Arg code = o.value("-c", "--command").get();
            if (code.exact()) {
                c.shell(code.value());
            } else {
                c.opaque("flock -c " + code.text() + ": the command is known only at run time");
            }
        } else {
            c.handOn(o.operands.subList(1, o.operands.size()));
        }
    }

    private static void command(Call c) {
        Opts o = Opts.parse(c.args(), "", Set.of(), true);
        if (o.has("-v", "-V")) {
            c.namesOnly = true;
            return;
        }
        c.handOn(o.operands);
    }

    private static void exec(Call c) {
        Opts o = Opts.parse(c.args(), "a", Set.of(), true);
        c.handOn(o.operands);
    }

    private static void watch(Call c) {
        Opts o = Opts.parse(c.args(), "nqd", Set.of("--interval", "--equexit"), true);
        if (o.operands.isEmpty()) {
            return;
        }
        if (o.has("-x", "--exec")) {
            c.handOn(o.operands);
        } else if (o.operands.stream().allMatch(Arg::exact)) {
            c.shell(String.join(" ", o.operands.stream().map(Arg::value).toList()));
        } else {
            c.opaque("watch runs a command known only at run time");
        }
    }

    /** xargs appends what it reads to the command (or puts it where {@code -I} says): those operands are unknown. */
    private static void xargs(Call c) {
        Opts o = Opts.parse(c.args(), "adEILnPse", Set.of("--arg-file", "--delimiter", "--max-lines", "--max-args",
                "--max-procs", "--max-chars", "--process-slot-var", "--eof"), true);
        o.value("-a", "--arg-file").ifPresent(c::reads);
        List<Arg> inner = new ArrayList<>(o.operands.isEmpty() ? List.of(Arg.of("echo")) : o.operands);
        String replace = o.value("-I").map(Arg::text)
                .orElse(o.has("-i", "--replace") ? o.value("--replace").map(Arg::text).orElse("{}") : null);
        if (replace != null && !replace.isEmpty()) {
            inner.replaceAll(a -> a.text().contains(replace) ? unknownPart(a, replace) : a);
        } else {
            inner.add(Arg.unknown(Arg.FROM_INPUT));
        }
        c.handOn(inner);
    }

    private static Arg unknownPart(Arg a, String placeholder) {
        return new Arg(a.text(), a.value().replace(placeholder, String.valueOf(Arg.UNKNOWN)), false);
    }

    private static void parallel(Call c) {
        Set<String> valued = Set.of("-j", "-N", "-n", "-L", "-S", "-I", "-E", "-d", "-a", "--jobs", "--delay",
                "--timeout", "--joblog", "--results", "--sshlogin", "--colsep", "--arg-file", "--retries", "--memfree");
        List<Arg> a = c.args();
        List<Arg> inner = new ArrayList<>();
        int i = 0;
        while (i < a.size() && a.get(i).isOption()) {
            String t = a.get(i).text();
            if (t.equals("-a") || t.equals("--arg-file")) {
                if (i + 1 < a.size()) {
                    c.reads(a.get(i + 1));
                }
            }
            if (t.equals("-S") || t.equals("--sshlogin")) {
                c.fx.networkUnknown("parallel runs jobs on remote hosts");
            }
            i += valued.contains(t) ? 2 : 1;
        }
        for (; i < a.size() && !a.get(i).text().startsWith(":::"); i++) {
            inner.add(a.get(i));
        }
        if (inner.isEmpty()) {
            c.opaque("parallel runs commands read from its input");
            return;
        }
        inner.replaceAll(x -> x.text().contains("{") ? new Arg(x.text(), String.valueOf(Arg.UNKNOWN), false) : x);
        if (inner.stream().noneMatch(x -> x.text().contains("{"))) {
            inner.add(Arg.unknown(Arg.FROM_INPUT));
        }
        c.handOn(inner);
    }

    private static void dotenv(Call c) {
        Opts o = Opts.parse(c.args(), "ecv", Set.of("--env-file"), true);
        c.reads(o.value("-e", "--env-file").orElse(Arg.of(".env")));
        if (!o.operands.isEmpty()) {
            List<Arg> inner = o.operands;
            if (inner.getFirst().text().equals("run")) {
                inner = inner.subList(1, inner.size());
            }
            c.handOn(inner);
        }
    }
}
