package dev.airlock.assess;

import dev.airlock.assess.Locations.Loc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One program invocation handed to a {@link ProgramRule}: its words, where it runs, its standard input, and the
 * effects it adds to. Paths go through here so that each is located once and secrets are caught even when
 * no rule names the argument.
 */
final class Call {

    private static final Pattern URL_IN_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s'\"`)<>]+");

    final Walker walker;
    final String program;
    final List<Arg> argv;
    final Effects fx;
    final ShellState scope;
    final int depth;
    final Stdin stdin;
    /** The directory paths are relative to; a rule moves it for {@code -C DIR}-style options. */
    String cwd;
    /** The rule looks at names only (ls, test, echo): its operands are not read for their content. */
    boolean namesOnly;
    private boolean handedOn;
    private final Set<Arg> located = Collections.newSetFromMap(new IdentityHashMap<>());

    Call(Walker walker, String program, List<Arg> argv, Effects fx, ShellState scope, int depth, Stdin stdin) {
        this.walker = walker;
        this.program = program;
        this.argv = argv;
        this.fx = fx;
        this.scope = scope;
        this.depth = depth;
        this.stdin = stdin;
        this.cwd = scope.cwd;
    }

    List<Arg> args() {
        return argv.subList(1, argv.size());
    }

    /** The text of argument {@code i} (0 is the first after the program), or "" when there is none. */
    String arg(int i) {
        return i < argv.size() - 1 ? argv.get(i + 1).text() : "";
    }

    /** Sets the part's prefix to the program followed by the given words (blank ones are left out). */
    void prefix(String... words) {
        List<String> p = new ArrayList<>();
        p.add(program);
        for (String w : words) {
            if (w != null && !w.isBlank()) {
                p.add(w);
            }
        }
        fx.prefix(p);
    }

    Loc loc(Arg a) {
        return walker.locations().of(a, cwd);
    }

    void writes(Arg a) {
        writes(a, "writes", Tier.WRITE);
    }

    void writes(Arg a, String what, Tier tier) {
        located.add(a);
        fx.writes(loc(a), what, tier);
    }

    void deletes(Arg a) {
        located.add(a);
        fx.deletes(loc(a), walker.settings());
    }

    void reads(Arg a) {
        located.add(a);
        fx.reads(loc(a));
    }

    void looksAt(Arg a) {
        located.add(a);
        fx.looksAt(loc(a));
    }

    /** {@code a} is a pattern, a script or a value, not a file: the secret scan leaves it alone. */
    void notAPath(Arg a) {
        located.add(a);
    }

    void mayOverwrite(Arg a, boolean forced) {
        fx.mayOverwrite(loc(a), forced);
    }

    void executes(String detail) {
        fx.executes(detail);
    }

    void opaque(String detail) {
        fx.opaque(detail);
    }

    /** A connection to where {@code a} points (URL, {@code host:path}, bare host); unknown when it has expansions. */
    void connects(Arg a) {
        Urls.host(a.value()).filter(h -> a.exact() || Urls.hasScheme(a.value()))
                .ifPresentOrElse(fx::network, () -> fx.networkUnknown(a.text()));
    }

    /** Downloads from the registry of {@code tool} (its hosts from the settings). */
    void registry(String tool) {
        List<String> hosts = walker.settings().registry(tool);
        if (hosts.isEmpty()) {
            fx.networkUnknown(tool + " package registry");
        }
        hosts.forEach(fx::network);
    }

    /** URLs written in inline code ({@code python -c}, {@code node -e}) are where it will connect. */
    void urlsIn(String code) {
        Matcher m = URL_IN_CODE.matcher(code);
        int n = 0;
        while (m.find() && n++ < 20) {
            Urls.urlHost(m.group()).ifPresent(fx::network);
        }
    }

    /** Runs {@code inner} as this same part (sudo, env, xargs: the wrapper disappears from the part). */
    void handOn(List<Arg> inner) {
        handOn(inner, scope.in(cwd), stdin);
    }

    void handOn(List<Arg> inner, ShellState sc, Stdin in) {
        handedOn = true;
        if (!inner.isEmpty()) {
            walker.dispatch(inner, fx, sc, depth + 1, in);
        }
    }

    /** Runs {@code inner} as a part of its own ({@code find -exec}). */
    void spawn(List<Arg> inner) {
        if (!inner.isEmpty()) {
            walker.spawn(inner, scope.in(cwd), depth + 1);
        }
    }

    /** Assesses shell code this command runs ({@code bash -c}, {@code eval}, a here-document fed to a shell). */
    void shell(String code) {
        handedOn = true;
        fx.handedOn();
        walker.line(code, scope.in(cwd), depth + 1);
    }

    boolean handedOn() {
        return handedOn;
    }

    /** Arguments no rule located that name secret files are read by whatever this program is. */
    void scanSecrets() {
        if (namesOnly || handedOn) {
            return;
        }
        for (Arg a : args()) {
            if (located.contains(a)) {
                continue;
            }
            String t = a.text();
            Arg candidate;
            if (t.startsWith("--") && t.indexOf('=') > 0) {
                candidate = a.from(t.indexOf('=') + 1);
            } else if (t.startsWith("@") && t.length() > 1) {
                candidate = a.from(1);
            } else if (a.isOption()) {
                continue;
            } else {
                candidate = a;
            }
            if (Urls.hasScheme(candidate.text()) || candidate.text().isEmpty()) {
                continue;
            }
            Loc l = loc(candidate);
            if (l.secret()) {
                fx.reads(l);
            }
        }
    }
}
