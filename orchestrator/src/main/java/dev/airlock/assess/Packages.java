package dev.airlock.assess;

import java.util.List;
import java.util.Optional;

/** What package managers have in common: downloading from a registry, installing outside, publishing. */
final class Packages {

    private Packages() {
    }

    /** Downloads from {@code registry} when given ({@code --registry URL}), else from the tool's known registry. */
    static void fetches(Call c, String tool, Optional<Arg> registry) {
        registry.ifPresentOrElse(c::connects, () -> c.registry(tool));
    }

    /** Installs into the tool's own place outside the workspace (a global prefix, ~/.local, ~/.cargo/bin). */
    static void global(Call c, String where) {
        c.fx.add(Tier.WRITE, "installs-globally", where + ", outside the workspace");
    }

    static void publishes(Call c, String what) {
        c.fx.add(Tier.NETWORK, "publishes", what);
    }

    /**
     * Package specs that are not registry names: URLs and git remotes name their host; local paths are read and
     * built (their build code runs).
     */
    static void specs(Call c, List<Arg> specs) {
        for (Arg s : specs) {
            String v = s.value().replaceFirst("^[A-Za-z0-9_.-]+\\s*@\\s*(?=[a-z+]+://)", "");
            if (Urls.hasScheme(v)) {
                c.notAPath(s);
                if (v.toLowerCase().startsWith("file:")) {
                    c.reads(Arg.of(v.replaceFirst("(?i)^file:(//)?", "")));
                } else {
                    c.connects(new Arg(v.replaceFirst("^[a-z]+\\+(?=[a-z]+://)", ""), v, s.exact()));
                }
            } else if (v.startsWith("github:") || v.matches("git@github\\.com:.*")) {
                c.notAPath(s);
                c.fx.network("github.com");
            } else if (v.startsWith(".") || v.startsWith("/") || v.startsWith("~")) {
                c.reads(s);
                c.executes("builds the local package " + s.text() + ", running its build code");
            } else {
                c.notAPath(s);
            }
        }
    }
}
