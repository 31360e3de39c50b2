package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code find} and {@code fd}: looking is READ; {@code -delete} deletes what is found, {@code -exec} and
 * friends run a command on it (assessed as a part of its own, with {@code {}} standing for the found files).
 */
final class Find {

    private static final Set<String> VALUED = Set.of("-name", "-iname", "-path", "-ipath", "-wholename",
            "-iwholename", "-regex", "-iregex", "-regextype", "-type", "-xtype", "-newer", "-anewer", "-cnewer", "-user",
            "-group", "-uid", "-gid", "-perm", "-size", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin",
            "-maxdepth", "-mindepth", "-printf", "-fstype", "-inum", "-links", "-samefile", "-lname", "-ilname",
            "-context", "-used", "-files0-from");
    private static final Set<String> EXEC = Set.of("-exec", "-execdir", "-ok", "-okdir");

    private Find() {
    }

    static void register(Rules r) {
        r.put(Find::find, "find", "gfind");
        r.put(Find::fd, "fd", "fdfind");
    }

    private static void find(Call c) {
        c.namesOnly = true;
        List<Arg> a = c.args();
        int i = 0;
        while (i < a.size() && (Set.of("-H", "-L", "-P", "-D").contains(a.get(i).text()) || a.get(i).text().startsWith("-O"))) {
            i += a.get(i).text().equals("-D") ? 2 : 1;
        }
        List<Arg> roots = new ArrayList<>();
        while (i < a.size() && !a.get(i).isOption() && !Set.of("(", ")", "!", ",").contains(a.get(i).text())) {
            roots.add(a.get(i++));
        }
        roots.forEach(c::looksAt);
        if (roots.isEmpty()) {
            roots.add(Arg.of("."));
        }
        String name = null;
        for (; i < a.size(); i++) {
            String t = a.get(i).text();
            if (t.equals("-name") || t.equals("-iname")) {
                if (i + 1 < a.size()) {
                    name = a.get(i + 1).text();
                }
                i++;
            } else if (t.equals("-delete")) {
                for (Arg root : roots) {
                    c.deletes(found(root, name));
                }
            } else if (EXEC.contains(t)) {
                List<Arg> inner = new ArrayList<>();
                int j = i + 1;
                while (j < a.size() && !a.get(j).text().equals(";")
                        && !(a.get(j).text().equals("+") && j > i + 1 && a.get(j - 1).text().contains("{}"))) {
                    inner.add(a.get(j++));
                }
                i = j;
                Arg files = found(roots.getFirst(), name);
                inner.replaceAll(x -> x.text().contains("{}") ? new Arg(x.text().replace("{}", files.text()),
                        x.value().replace("{}", files.value()), false) : x);
                c.spawn(inner);
            } else if (t.equals("-fprint") || t.equals("-fprint0") || t.equals("-fls") || t.equals("-fprintf")) {
                if (i + 1 < a.size()) {
                    c.writes(a.get(i + 1));
                }
                i += t.equals("-fprintf") ? 2 : 1;
            } else if (VALUED.contains(t)) {
                i++;
            }
        }
    }

    /** What find finds under {@code root}, for people: {@code src/**}{@code /*.pyc}. */
    private static Arg found(Arg root, String name) {
        String r = root.text();
        String base = r.equals(".") || r.equals("./") ? "" : r.endsWith("/") ? r : r + "/";
        String text = base + "**" + (name == null ? "" : "/" + name);
        return new Arg(text, root.value() + "/" + Arg.UNKNOWN, false);
    }

    private static void fd(Call c) {
        c.namesOnly = true;
        List<Arg> a = c.args();
        int exec = -1;
        for (int i = 0; i < a.size(); i++) {
            String t = a.get(i).text();
            if (t.equals("-x") || t.equals("--exec") || t.equals("-X") || t.equals("--exec-batch")) {
                exec = i;
                break;
            }
        }
        List<Arg> own = exec < 0 ? a : a.subList(0, exec);
        Opts o = Opts.parse(own, "etEdjScg", Set.of("--extension", "--type", "--exclude", "--max-depth",
                "--min-depth", "--exact-depth", "--threads", "--size", "--changed-within", "--changed-before", "--color",
                "--owner", "--base-directory", "--search-path", "--ignore-file", "--max-results", "--format"));
        List<Arg> ops = new ArrayList<>(o.operands);
        String name = ops.isEmpty() ? null : ops.removeFirst().text();
        ops.forEach(c::looksAt);
        Arg root = ops.isEmpty() ? Arg.of(".") : ops.getFirst();
        Arg files = found(root, name);
        if (exec >= 0) {
            List<Arg> inner = new ArrayList<>(a.subList(exec + 1, a.size()));
            inner.removeIf(x -> x.text().equals(";"));
            boolean placed = inner.stream().anyMatch(x -> x.text().contains("{"));
            inner.replaceAll(x -> x.text().contains("{") ? new Arg(files.text(), files.value(), false) : x);
            if (!placed) {
                inner.add(files);
            }
            c.spawn(inner);
        }
    }
}
