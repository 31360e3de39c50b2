package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Programs that read text and print it, changed or not: {@code cat}, {@code grep}, {@code sed}, {@code awk},
 * {@code jq}, {@code sort}, ... READ, unless an option makes them write ({@code sed -i}, {@code sort -o},
 * {@code tee}) or run commands (awk's {@code system()}).
 */
final class TextTools {

    private static final String[] READERS = {"cat", "tac", "nl", "less", "more", "most", "bat", "batcat", "wc",
            "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "shasum", "b2sum", "cksum", "sum",
            "strings", "rev", "fold", "fmt", "expand", "unexpand", "paste", "column", "comm", "join", "cmp", "diff3",
            "sdiff", "colordiff", "look", "od", "hexdump", "hd", "tr", "view", "pr", "tsort", "ptx", "shuf", "jless",
            "fx", "xmllint", "xmlstarlet", "csvlook", "csvcut", "mlr", "htmlq", "pup", "gron", "diffstat", "delta"};

    private static final Pattern SED_WRITE = Pattern.compile("(?:^|[;\\n{}]|/[gpIiMme0-9]*)\\s*w\\s+([^;\\n}]+)");
    private static final Pattern AWK_WRITE =
            Pattern.compile("printf?\\b[^;{}]*?>>?\\s*(\"([^\"]*)\"|[A-Za-z_$][A-Za-z0-9_$]*)");
    private static final Pattern PATCH_FILE =
            Pattern.compile("(?m)^\\*\\*\\* (Add File|Update File|Delete File|Move to): (.+)$");
    private static final Pattern AWK_RUNS = Pattern.compile("system\\s*\\(|\\|\\s*\"|\"\\s*\\|\\s*getline|\\|&");

    private TextTools() {
    }

    static void register(Rules r) {
        r.put(c -> reader(c, "", Set.of()), READERS);
        r.put(c -> reader(c, "nc", Set.of("--lines", "--bytes", "--pid", "--sleep-interval", "--max-unchanged-stats")),
                "head", "tail");
        r.put(c -> reader(c, "bcdf", Set.of("--bytes", "--characters", "--delimiter", "--fields", "--output-delimiter")),
                "cut");
        r.put(c -> reader(c, "UCxXIFLSD", Set.of("--exclude", "--exclude-from", "--label", "--ignore-matching-lines",
                "--unified", "--context", "--line-format", "--new-line-format", "--old-line-format", "--from-file",
                "--to-file", "--starting-file", "--width", "--color", "--palette")), "diff");
        r.put(c -> reader(c, "w", Set.of("--wrap")), "base64", "base32", "basenc");
        r.put(TextTools::sort, "sort");
        r.put(TextTools::inOut, "uniq", "xxd");
        r.put(TextTools::grep, "grep", "egrep", "fgrep", "zgrep", "rg", "ag", "ack", "ack-grep", "pt", "ugrep");
        r.put(TextTools::sed, "sed", "gsed");
        r.put(TextTools::awk, "awk", "gawk", "mawk", "nawk", "busybox-awk");
        r.put(TextTools::jq, "jq", "gojq", "jaq");
        r.put(TextTools::yq, "yq");
        r.put(c -> Opts.parse(c.args()).operands.forEach(c::writes), "tee");
        r.put(TextTools::split, "split", "csplit");
        r.put(TextTools::patch, "patch");
        r.put(TextTools::iconv, "iconv");
        r.put(TextTools::applyPatch, "apply_patch", "applypatch");
    }

    /**
     * The patch tool of coding agents: {@code *** Add File:}, {@code *** Update File:}, {@code *** Delete File:}
     * and {@code *** Move to:} lines name what it changes. The patch comes as an argument or on standard input.
     */
    private static void applyPatch(Call c) {
        String patch = c.args().isEmpty() ? c.stdin.code().orElse("") : c.args().getFirst().text();
        c.args().forEach(c::notAPath);
        Matcher m = PATCH_FILE.matcher(patch);
        boolean any = false;
        while (m.find()) {
            any = true;
            Arg file = Arg.of(m.group(2).strip());
            switch (m.group(1)) {
                case "Delete File" -> c.deletes(file);
                case "Add File" -> c.writes(file, "creates", Tier.WRITE);
                default -> c.writes(file, "edits", Tier.WRITE);
            }
        }
        if (!any) {
            c.fx.add(Tier.WRITE, "writes", "the files named in the patch");
        }
    }

    private static void reader(Call c, String shortValued, Set<String> longValued) {
        Opts.parse(c.args(), shortValued, longValued).operands.forEach(c::reads);
    }

    private static void sort(Call c) {
        Opts o = Opts.parse(c.args(), "ktoTS", Set.of("--key", "--field-separator", "--output", "--temporary-directory",
                "--buffer-size", "--files0-from", "--random-source", "--parallel", "--compress-program"));
        o.value("-o", "--output").ifPresent(c::writes);
        o.operands.forEach(c::reads);
    }

    /** {@code uniq [IN [OUT]]}, {@code xxd [IN [OUT]]}: the second operand is written. */
    private static void inOut(Call c) {
        Opts o = Opts.parse(c.args(), c.program.equals("xxd") ? "cglosnCR" : "fsw",
                Set.of("--skip-fields", "--skip-chars", "--check-chars", "--group", "--all-repeated", "--cols",
                        "--groupsize", "--len", "--offset", "--seek", "--name"));
        if (!o.operands.isEmpty()) {
            c.reads(o.operands.getFirst());
        }
        if (o.operands.size() > 1) {
            c.writes(o.operands.get(1));
        }
    }

    private static void grep(Call c) {
        boolean rg = c.program.equals("rg");
        Opts o = Opts.parse(c.args(), rg ? "efgmABCtTMjEr" : "efmABCdDGg", Set.of("--regexp", "--file", "--max-count",
                "--after-context", "--before-context", "--context", "--include", "--exclude", "--exclude-dir",
                "--exclude-from", "--label", "--devices", "--directories", "--binary-files", "--group-separator",
                "--glob", "--iglob", "--type", "--type-not", "--max-columns", "--threads", "--encoding", "--max-depth",
                "--replace", "--type-add", "--sort", "--sortr", "--colors", "--pre", "--pre-glob", "--ignore-file",
                "--path-separator", "--max-filesize", "--engine", "--ignore-dir", "--color", "--colour"));
        List<Arg> ops = new ArrayList<>(o.operands);
        o.value("-f", "--file").ifPresent(c::reads);
        boolean patternGiven = o.has("-e", "--regexp", "-f", "--file") || rg && o.has("--files", "--type-list");
        if (!patternGiven && !ops.isEmpty()) {
            c.notAPath(ops.removeFirst());
        }
        ops.forEach(c::reads);
        if (rg && o.has("--pre")) {
            c.executes("rg --pre runs " + o.value("--pre").map(Arg::text).orElse("a preprocessor") + " on every file");
        }
    }

    private static void sed(Call c) {
        List<Arg> args = c.args();
        boolean inPlace = false;
        boolean scriptGiven = false;
        List<String> scripts = new ArrayList<>();
        List<Arg> files = new ArrayList<>();
        boolean ended = false;
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            String t = a.text();
            if (ended || !a.isOption()) {
                if (!scriptGiven) {
                    scripts.add(t);
                    scriptGiven = true;
                    c.notAPath(a);
                } else {
                    files.add(a);
                }
            } else if (t.equals("--")) {
                ended = true;
            } else if (t.startsWith("--")) {
                if (t.startsWith("--in-place")) {
                    inPlace = true;
                } else if (t.startsWith("--expression")) {
                    scriptGiven = true;
                    if (t.contains("=")) {
                        scripts.add(t.substring(t.indexOf('=') + 1));
                    } else if (i + 1 < args.size()) {
                        scripts.add(args.get(++i).text());
                    }
                } else if (t.startsWith("--file")) {
                    scriptGiven = true;
                    if (t.contains("=")) {
                        c.reads(a.from(t.indexOf('=') + 1));
                    } else if (i + 1 < args.size()) {
                        c.reads(args.get(++i));
                    }
                }
            } else {
                for (int j = 1; j < t.length(); j++) {
                    char ch = t.charAt(j);
                    if (ch == 'i') {
                        inPlace = true;
                        break;
                    }
                    if (ch == 'e' || ch == 'f' || ch == 'l') {
                        Arg v = j + 1 < t.length() ? a.from(j + 1) : i + 1 < args.size() ? args.get(++i) : Arg.of("");
                        if (ch == 'e') {
                            scripts.add(v.text());
                            scriptGiven = true;
                        } else if (ch == 'f') {
                            c.reads(v);
                            scriptGiven = true;
                        }
                        break;
                    }
                }
            }
        }
        for (Arg f : files) {
            if (inPlace) {
                c.writes(f, "edits", Tier.WRITE);
            } else {
                c.reads(f);
            }
        }
        for (String s : scripts) {
            Matcher m = SED_WRITE.matcher(s);
            while (m.find()) {
                c.writes(Arg.of(m.group(1).trim()));
            }
            if (s.matches("(?s).*(^|[;\\n{}])\\s*e(\\s.*|;.*|)$") || s.matches("(?s).*s(.).*\\1.*\\1[gpIiMm0-9]*e.*")) {
                c.opaque("the sed script runs shell commands (e)");
            }
        }
    }

    private static void awk(Call c) {
        Opts o = Opts.parse(c.args(), "fvFeilE", Set.of("--file", "--assign", "--field-separator", "--source",
                "--include", "--load", "--exec"), true);
        List<Arg> ops = new ArrayList<>(o.operands);
        Optional<Arg> progFile = o.value("-f", "--file", "-E", "--exec");
        String program = o.value("-e", "--source").map(Arg::text).orElse("");
        if (progFile.isPresent()) {
            c.reads(progFile.get());
            c.opaque("runs the awk program in " + progFile.get().text());
        } else if (program.isEmpty() && !ops.isEmpty()) {
            Arg p = ops.removeFirst();
            c.notAPath(p);
            program = p.text();
        }
        boolean inPlace = o.value("-i", "--include").map(v -> v.text().equals("inplace")).orElse(false);
        if (AWK_RUNS.matcher(program).find()) {
            c.opaque("the awk program runs shell commands");
        }
        Matcher m = AWK_WRITE.matcher(program);
        while (m.find()) {
            if (m.group(2) != null) {
                c.writes(Arg.of(m.group(2)));
            } else {
                c.fx.add(Tier.WRITE, "writes", "a file named by " + m.group(1) + " in the awk program");
            }
        }
        for (Arg f : ops) {
            if (f.text().matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                c.notAPath(f);
            } else if (inPlace) {
                c.writes(f, "edits", Tier.WRITE);
            } else {
                c.reads(f);
            }
        }
    }

    private static void jq(Call c) {
        List<Arg> args = c.args();
        boolean filterGiven = false;
        boolean argsFollow = false;
        boolean positional = false;
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            String t = a.text();
            if (positional) {
                c.notAPath(a);
            } else if (t.equals("--arg") || t.equals("--argjson")) {
                i += 2;
            } else if (t.equals("--slurpfile") || t.equals("--rawfile")) {
                if (i + 2 < args.size()) {
                    c.reads(args.get(i + 2));
                }
                i += 2;
            } else if (t.equals("-f") || t.equals("--from-file")) {
                if (i + 1 < args.size()) {
                    c.reads(args.get(++i));
                }
                filterGiven = true;
            } else if (t.equals("-L") || t.equals("--indent")) {
                i++;
            } else if (t.equals("--args") || t.equals("--jsonargs")) {
                // after the filter, the remaining operands are values, not files
                argsFollow = true;
                positional = filterGiven;
            } else if (a.isOption()) {
                continue;
            } else if (!filterGiven) {
                filterGiven = true;
                c.notAPath(a);
                positional = argsFollow;
            } else {
                c.reads(a);
            }
        }
    }

    private static void yq(Call c) {
        Opts o = Opts.parse(c.args(), "oIpn", Set.of("--output-format", "--indent", "--input-format", "--from-file",
                "--expression", "--front-matter"));
        List<Arg> ops = new ArrayList<>(o.operands);
        if (!ops.isEmpty() && Set.of("eval", "e", "eval-all", "ea").contains(ops.getFirst().text())) {
            c.notAPath(ops.removeFirst());
        }
        o.value("--from-file").ifPresent(c::reads);
        if (!o.has("--from-file", "--expression") && !ops.isEmpty()) {
            c.notAPath(ops.removeFirst());
        }
        boolean inPlace = o.has("-i", "--inplace");
        for (Arg f : ops) {
            if (inPlace) {
                c.writes(f, "edits", Tier.WRITE);
            } else {
                c.reads(f);
            }
        }
    }

    private static void split(Call c) {
        boolean csplit = c.program.equals("csplit");
        Opts o = Opts.parse(c.args(), csplit ? "fbn" : "lbCnadt", Set.of("--lines", "--bytes", "--line-bytes",
                "--number", "--suffix-length", "--additional-suffix", "--separator", "--filter", "--prefix",
                "--suffix-format", "--digits"));
        List<Arg> ops = o.operands;
        if (!ops.isEmpty()) {
            c.reads(ops.getFirst());
        }
        String prefix = csplit ? o.value("-f", "--prefix").map(Arg::text).orElse("xx")
                : ops.size() > 1 ? ops.get(1).text() : "x";
        if (!csplit && ops.size() > 1) {
            c.notAPath(ops.get(1));
        }
        for (int i = 1; csplit && i < ops.size(); i++) {
            c.notAPath(ops.get(i));
        }
        c.writes(Arg.of(prefix + "*"));
        if (o.has("--filter")) {
            c.opaque("split --filter runs a shell command on every piece");
        }
    }

    private static void patch(Call c) {
        Opts o = Opts.parse(c.args(), "pidoDrBVYzF", Set.of("--strip", "--input", "--directory", "--output",
                "--reject-file", "--prefix", "--suffix", "--backup-if-mismatch", "--quoting-style", "--fuzz"));
        o.value("-i", "--input").ifPresent(c::reads);
        o.value("-d", "--directory").ifPresent(d -> c.cwd = Basics.directory(c, d));
        if (o.has("--dry-run", "-C", "--check")) {
            return;
        }
        if (o.value("-o", "--output").isPresent()) {
            c.writes(o.value("-o", "--output").get());
        } else if (!o.operands.isEmpty()) {
            c.writes(o.operands.getFirst(), "edits", Tier.WRITE);
            if (o.operands.size() > 1) {
                c.reads(o.operands.get(1));
            }
        } else {
            c.fx.add(Tier.WRITE, "writes", "the files named in the patch");
        }
    }

    private static void iconv(Call c) {
        Opts o = Opts.parse(c.args(), "fto", Set.of("--from-code", "--to-code", "--output"));
        o.value("-o", "--output").ifPresent(c::writes);
        o.operands.forEach(c::reads);
    }
}
