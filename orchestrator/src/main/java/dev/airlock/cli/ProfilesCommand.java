package dev.airlock.cli;

import dev.airlock.text.Clean;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Limits;
import dev.airlock.profile.Profile;
import dev.airlock.session.Workspace;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airlock profiles}: the effective profiles for a workspace, and where each value came from. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock profiles", "  airlock profiles --json"},
        name = "profiles", description = "Show the effective container profiles (built-in, then ~/.config/airlock, then the workspace's .airlock) and where each value came from.")
final class ProfilesCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--json", description = "Print JSON (docs/JSON.md): version, and the profiles by name.")
    boolean json;

    ProfilesCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        Catalog catalog = airlock.catalog(Optional.of(Workspace.open(workspace.path(airlock.console())).root()));
        PrintStream out = airlock.console().out();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            catalog.profiles().forEach((name, p) -> all.put(name, describe(p, catalog.origins().ofProfile(name))));
            out.println(Json.write(Json.document(Json.fields("profiles", all))));
            return 0;
        }
        for (Profile p : catalog.profiles().values()) {
            Map<String, List<String>> origins = catalog.origins().ofProfile(p.name());
            // a workspace layer (.airlock/) names and describes profiles: text someone else wrote
            out.printf("%s — %s%n", Clean.line(p.name()), Clean.line(p.description()));
            line(out, "workspace", name(p.workspace()), origins, "workspace");
            line(out, "network", name(p.network()) + (p.domains().isEmpty() ? "" : " " + p.domains())
                    + (p.privateRanges().isEmpty() ? "" : ", and private ranges " + p.privateRanges()), origins, "network");
            line(out, "capabilities", p.capabilities().isEmpty() ? "none added (all dropped)" : String.join(", ", p.capabilities()), origins, "capabilities");
            Limits l = p.limits();
            line(out, "limits", String.format(Locale.ROOT, "cpus %s, memory %d MiB, pids %d, timeout %s, output %d KiB per stream",
                    trim(l.cpus()), l.memoryBytes() >> 20, l.pids(), Durations.format(l.timeout()), l.outputBytes() >> 10), origins, "limits");
            line(out, "env passed", String.join(", ", p.env()), origins, "env");
            line(out, "masked", String.join(" ", p.maskedPaths()), origins, "maskedPaths");
            line(out, "protected", String.join(" ", p.protectedPaths()), origins, "protectedPaths");
            line(out, "pinned", String.join(" ", p.pinnedPaths()), origins, "pinnedPaths");
            line(out, "host tools", String.join(" ", p.hostToolPaths()), origins, "hostToolPaths");
            line(out, "image", p.image() + p.ociRuntime().map(r -> " (runtime " + r + ")").orElse(""), origins, "image");
            out.println();
        }
        return 0;
    }

    static Map<String, Object> describe(Profile p, Map<String, List<String>> origins) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", p.description());
        m.put("image", p.image());
        m.put("runtime", p.ociRuntime());
        m.put("workspace", name(p.workspace()));
        m.put("network", name(p.network()));
        m.put("domains", p.domains());
        m.put("privateRanges", p.privateRanges());
        m.put("capabilities", p.capabilities());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("cpus", p.limits().cpus());
        limits.put("memory", p.limits().memoryBytes());
        limits.put("pids", p.limits().pids());
        limits.put("timeout", Durations.format(p.limits().timeout()));
        limits.put("output", p.limits().outputBytes());
        m.put("limits", limits);
        m.put("env", p.env());
        m.put("maskedPaths", p.maskedPaths());
        m.put("protectedPaths", p.protectedPaths());
        m.put("pinnedPaths", p.pinnedPaths());
        m.put("hostToolPaths", p.hostToolPaths());
        m.put("origins", origins);
        return m;
    }

    private static void line(PrintStream out, String label, String value, Map<String, List<String>> origins, String field) {
        out.printf("  %-13s %s%s%n", label, Clean.line(value), Clean.line(from(origins, field)));
    }

    /** Names the files above the built-ins that set a field (or any of its parts); built-in values say nothing. */
    static String from(Map<String, List<String>> origins, String field) {
        var sources = origins.entrySet().stream()
                .filter(e -> e.getKey().equals(field) || e.getKey().startsWith(field + "."))
                .flatMap(e -> e.getValue().stream())
                .filter(s -> !s.startsWith("built-in"))
                .distinct().toList();
        return sources.isEmpty() ? "" : "   (from " + String.join(", ", sources) + ")";
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
