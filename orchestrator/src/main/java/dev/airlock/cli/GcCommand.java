package dev.airlock.cli;

import dev.airlock.runtime.Sandbox;
import dev.airlock.session.Leftovers;
import dev.airlock.session.SpecFactory;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code airlock gc}: removes what dead Airlock processes left: containers, socket folders, orphaned caches. */
@Command(name = "gc", description = "Remove what dead Airlock processes left behind: their containers, egress socket folders, "
        + "and the tool caches of workspaces that no longer exist.")
final class GcCommand implements Callable<Integer> {

    private final Airlock airlock;

    GcCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        var runtime = airlock.runtime();
        List<Sandbox> containers = runtime.removeOrphans();
        List<String> networks = runtime.removeOrphanNetworks();
        Set<String> live = runtime.list(Map.of()).stream()
                .map(s -> s.labels().getOrDefault(SpecFactory.SESSION_LABEL, "")).collect(Collectors.toCollection(java.util.HashSet::new));
        // a pooled container names no session: the pool says whose command holds it
        live.addAll(airlock.services().disposable().leases().values());
        List<String> files = Leftovers.clear(airlock.state(), live);
        PrintStream out = airlock.console().out();
        out.printf("removed %d container(s) of dead Airlock processes%s%n", containers.size(),
                containers.isEmpty() ? "" : ": " + String.join(", ", containers.stream().map(Sandbox::shortId).toList()));
        networks.forEach(n -> out.println("removed network " + n + " and its firewall rules"));
        files.forEach(f -> out.println("removed " + f));
        return 0;
    }
}
