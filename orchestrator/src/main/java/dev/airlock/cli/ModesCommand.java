package dev.airlock.cli;

import dev.airlock.text.Clean;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Mode;
import dev.airlock.session.Workspace;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airlock modes}: the effective modes, their base profiles and what they may escalate to. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock modes", "  airlock modes --json --workspace ~/src/app"},
        name = "modes", description = "Show the effective modes: base profile, what each may escalate to, and where each value came from.")
final class ModesCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    ModesCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        Catalog catalog = airlock.catalog(Optional.of(Workspace.open(workspace.path(airlock.console())).root()));
        PrintStream out = airlock.console().out();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            catalog.modes().forEach((name, m) -> {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("description", m.description());
                d.put("profile", m.profile());
                d.put("escalateTo", m.escalateTo());
                // what it asks a person about even when its base profile covers the command
                d.put("asks", m.ask().stream().map(a -> a.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).toList());
                d.put("autoReview", m.autoReview());
                d.put("origins", catalog.origins().ofMode(name));
                all.put(name, d);
            });
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("version", JsonVersion.VERSION);
            doc.put("modes", all);
            out.println(Json.write(doc));
            return 0;
        }
        for (Mode m : catalog.modes().values()) {
            var origins = catalog.origins().ofMode(m.name());
            out.printf("%s — %s%n", Clean.line(m.name()), Clean.line(m.description()));
            out.printf("  %-13s %s%n", "profile", Clean.line(m.profile() + ProfilesCommand.from(origins, "profile")));
            out.printf("  %-13s %s%n", "asks about", m.ask().isEmpty() ? "nothing beyond what its profile lacks"
                    : String.join(", ", m.ask().stream().map(a -> a.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).toList()));
            out.printf("  %-13s %s%n", "escalates to", Clean.line((m.escalateTo().isEmpty() ? "nothing"
                    : String.join(", ", m.escalateTo())) + ProfilesCommand.from(origins, "escalateTo")));
            out.println();
        }
        return 0;
    }
}
