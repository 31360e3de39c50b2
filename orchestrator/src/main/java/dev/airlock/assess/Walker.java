package dev.airlock.assess;

import dev.airlock.assess.Syntax.Arith;
import dev.airlock.assess.Syntax.Assign;
import dev.airlock.assess.Syntax.Command;
import dev.airlock.assess.Syntax.Compound;
import dev.airlock.assess.Syntax.Function;
import dev.airlock.assess.Syntax.Lit;
import dev.airlock.assess.Syntax.Param;
import dev.airlock.assess.Syntax.Pipeline;
import dev.airlock.assess.Syntax.Redirect;
import dev.airlock.assess.Syntax.Script;
import dev.airlock.assess.Syntax.Seg;
import dev.airlock.assess.Syntax.Simple;
import dev.airlock.assess.Syntax.Subst;
import dev.airlock.assess.Syntax.Word;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a parsed command as the shell would run it, keeping track of the working directory and of variables
 * with literal values, and turns every simple command into a {@link Part} through the program {@link Rules}.
 * One walker assesses one command line; it is not shared.
 */
final class Walker {

    /** Beyond this many parts the rest is not looked at, and the assessment says so. */
    static final int MAX_PARTS = 400;

    private final Settings settings;
    private final Locations locations;
    private final Rules rules;
    private final List<Part> parts = new ArrayList<>();
    private final Set<String> domains = new LinkedHashSet<>();
    private final Set<String> paths = new LinkedHashSet<>();
    private boolean opaque;
    private boolean truncated;
    /** Commands a part runs on its own ({@code find -exec}), assessed after that part so parts stay in order. */
    private final List<Runnable> later = new ArrayList<>();

    Walker(Settings settings, Locations locations, Rules rules) {
        this.settings = settings;
        this.locations = locations;
        this.rules = rules;
    }

    Settings settings() {
        return settings;
    }

    Locations locations() {
        return locations;
    }

    boolean rulesKnow(String program) {
        return rules.knows(program);
    }

    ShellState top() {
        return new ShellState(settings.workspace());
    }

    /** An exec-form command: words as given, no shell in between. */
    void exec(List<String> argv) {
        Effects fx = new Effects();
        int mark = later.size();
        dispatch(argv.stream().map(Arg::of).toList(), fx, top(), 0, Stdin.INHERITED);
        finish(fx);
        runLater(mark);
    }

    /** Shell text, at some nesting depth ({@code bash -c} inside {@code bash -c} ...). */
    void line(String src, ShellState sc, int depth) {
        Script s;
        try {
            s = Parser.parse(src, depth);
        } catch (ParseException e) {
            Effects fx = new Effects();
            fx.opaque("cannot read '" + AssessmentText.shorten(src, 60) + "' as a shell command: " + e.getMessage());
            finish(fx);
            return;
        }
        script(s, sc, depth);
    }

    private void script(Script s, ShellState sc, int depth) {
        for (Pipeline p : s.pipelines()) {
            pipeline(p, sc, depth);
        }
    }

    private void pipeline(Pipeline p, ShellState sc, int depth) {
        List<Command> cs = p.commands();
        if (cs.size() == 1) {
            command(cs.getFirst(), sc, depth, Stdin.INHERITED);
            return;
        }
        for (int i = 0; i < cs.size(); i++) {
            Stdin in = i == 0 ? Stdin.INHERITED : Stdin.pipe(describe(cs.get(i - 1)));
            command(cs.get(i), sc.copy(), depth, in);
        }
    }

    private static String describe(Command c) {
        if (c instanceof Simple s && !s.words().isEmpty()) {
            return AssessmentText.shorten(String.join(" ", s.words().stream().map(Word::text).toList()), 80);
        }
        return "a compound command";
    }

    private void command(Command c, ShellState sc, int depth, Stdin in) {
        switch (c) {
            case Simple s -> simple(s, sc, depth, in);
            case Compound k -> compound(k, sc, depth);
            case Function f -> {
                sc.functions.add(f.name());
                command(f.body(), sc.copy(), depth, Stdin.INHERITED);
            }
        }
    }

    private void compound(Compound k, ShellState sc, int depth) {
        Effects fx = new Effects();
        for (Word w : k.words()) {
            substitutions(w, fx, sc, depth);
        }
        ShellState inner = k.kind().equals("subshell") ? sc.copy() : sc;
        if (!k.name().isEmpty()) {
            inner.vars.remove(k.name());
        }
        for (Script body : k.bodies()) {
            script(body, inner, depth);
        }
        for (Redirect r : k.redirects()) {
            redirect(r, fx, sc, depth, Stdin.INHERITED);
        }
        finish(fx);
    }

    private void simple(Simple s, ShellState sc, int depth, Stdin in) {
        Effects fx = new Effects();
        for (Assign a : s.assigns()) {
            substitutions(a.value(), fx, sc, depth);
            if (s.words().isEmpty()) {
                Arg v = resolve(a.value(), sc);
                if (v.exact()) {
                    sc.vars.put(a.name(), v.value());
                } else {
                    sc.vars.remove(a.name());
                }
            }
        }
        for (Word w : s.words()) {
            substitutions(w, fx, sc, depth);
        }
        Stdin stdin = in;
        for (Redirect r : s.redirects()) {
            stdin = redirect(r, fx, sc, depth, stdin);
        }
        int mark = later.size();
        if (!s.words().isEmpty()) {
            List<Arg> argv = new ArrayList<>();
            for (Word w : s.words()) {
                argv.add(resolve(w, sc));
            }
            // VAR=value before a command is in that command's environment only (GOFLAGS=..., CARGO_NET_OFFLINE=...)
            Map<String, String> saved = new HashMap<>(sc.vars);
            for (Assign a : s.assigns()) {
                Arg v = resolve(a.value(), sc);
                if (v.exact()) {
                    sc.vars.put(a.name(), v.value());
                } else {
                    sc.vars.remove(a.name());
                }
            }
            dispatch(argv, fx, sc, depth, stdin);
            if (!s.assigns().isEmpty()) {
                sc.vars.clear();
                sc.vars.putAll(saved);
            }
        }
        finish(fx);
        runLater(mark);
    }

    private void runLater(int mark) {
        while (later.size() > mark) {
            List<Runnable> batch = new ArrayList<>(later.subList(mark, later.size()));
            later.subList(mark, later.size()).clear();
            batch.forEach(Runnable::run);
        }
    }

    private Stdin redirect(Redirect r, Effects fx, ShellState sc, int depth, Stdin in) {
        substitutions(r.target(), fx, sc, depth);
        if (r.heredoc().isPresent()) {
            Word body = r.heredoc().get().body;
            substitutions(body, fx, sc, depth);
            return Stdin.text(body.text());
        }
        if (r.op().equals("<<<")) {
            return Stdin.text(resolve(r.target(), sc).text());
        }
        Arg target = resolve(r.target(), sc);
        if (r.writes()) {
            fx.writes(locations.of(target, sc.cwd), "writes", Tier.WRITE);
        } else if (r.reads()) {
            fx.reads(locations.of(target, sc.cwd));
            if (r.fd() <= 0) {
                return Stdin.file(target.text());
            }
        }
        return in;
    }

    /** Command substitutions run before the command: each is opaque to it, and assessed in its own right. */
    private void substitutions(Word w, Effects fx, ShellState sc, int depth) {
        for (Seg seg : w.segs()) {
            if (seg instanceof Subst x && x.process()) {
                x.inner().ifPresent(inner -> script(inner, sc.copy(), depth + 1));
            } else if (seg instanceof Subst x) {
                fx.opaque("command substitution " + AssessmentText.shorten(x.raw(), 60) + ": its output becomes part of the command");
                x.inner().ifPresent(inner -> script(inner, sc.copy(), depth + 1));
            }
        }
    }

    private static Arg resolve(Word w, ShellState sc) {
        StringBuilder value = new StringBuilder();
        boolean exact = true;
        boolean first = true;
        for (Seg seg : w.segs()) {
            switch (seg) {
                case Lit l -> value.append(l.text());
                case Param p -> {
                    String v = lookup(p, sc, first);
                    if (v == null) {
                        value.append(Arg.UNKNOWN);
                        exact = false;
                    } else {
                        value.append(v);
                    }
                }
                case Subst x -> {
                    value.append(Arg.UNKNOWN);
                    exact = false;
                }
                case Arith a -> {
                    value.append(Arg.UNKNOWN);
                    exact = false;
                }
            }
            first = false;
        }
        // what Airlock can expand is shown expanded: OUT=dist; rm -rf $OUT deletes dist
        return new Arg(exact ? value.toString() : w.literal().orElse(w.text()), value.toString(), exact);
    }

    private static String lookup(Param p, ShellState sc, boolean first) {
        boolean plain = p.raw().equals("$" + p.name()) || p.raw().equals("${" + p.name() + "}") || p.raw().startsWith("~");
        if (!plain) {
            return null;
        }
        if (p.name().equals("HOME") || p.name().startsWith("~")) {
            return first ? "~" : null;
        }
        if (p.name().equals("PWD")) {
            return sc.cwd;
        }
        return sc.vars.get(p.name());
    }

    /** Runs the rule of {@code argv}'s program into {@code fx}; wrappers come back here with their inner command. */
    void dispatch(List<Arg> argv, Effects fx, ShellState sc, int depth, Stdin stdin) {
        fx.command(argv);
        if (depth > Lexer.MAX_DEPTH) {
            fx.opaque("nested too deeply to follow");
            return;
        }
        Arg first = argv.getFirst();
        if (!first.exact()) {
            fx.opaque("runs a program named by " + first.text() + ", known only at run time");
            return;
        }
        String word = first.value();
        if (sc.functions.contains(word)) {
            return;
        }
        Rules.Found found = rules.find(word);
        Call call = new Call(this, found.program(), argv, fx, sc, depth, stdin);
        found.rule().apply(call);
        call.scanSecrets();
    }

    void spawn(List<Arg> argv, ShellState sc, int depth) {
        later.add(() -> {
            Effects fx = new Effects();
            int mark = later.size();
            dispatch(argv, fx, sc, depth, Stdin.INHERITED);
            finish(fx);
            runLater(mark);
        });
    }

    private void finish(Effects fx) {
        if (fx.empty()) {
            return;
        }
        if (parts.size() >= MAX_PARTS) {
            truncated = true;
            return;
        }
        parts.add(fx.part());
        domains.addAll(fx.domains());
        paths.addAll(fx.paths());
        opaque |= fx.opaque();
    }

    Assessment result() {
        List<Part> all = new ArrayList<>(parts);
        if (truncated) {
            all.add(new Part(List.of(), List.of(), Tier.EXECUTE, List.of(new Reason(Tier.EXECUTE, "opaque",
                    "more than " + MAX_PARTS + " commands: the rest were not assessed"))));
        }
        Tier tier = Tier.READ;
        List<Reason> reasons = new ArrayList<>();
        for (Part p : all) {
            tier = tier.max(p.tier());
            reasons.addAll(p.reasons());
        }
        return new Assessment(tier, reasons, List.copyOf(domains), List.copyOf(paths), all, opaque || truncated);
    }
}
