package dev.airlock.cli;

import dev.airlock.runtime.Sandbox;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code airlock gc}: removes what dead Airlock processes left: containers, socket folders, orphaned caches. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock gc", "  airlock gc --verbose"},
        name = "gc", description = "Remove what dead Airlock processes left behind: their containers, egress socket folders, "
        + "and the tool caches of workspaces that no longer exist.")
final class GcCommand implements Callable<Integer> {

    private final Airlock airlock;

    GcCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        var cleared = airlock.app().clearLeftovers();
        List<Sandbox> containers = cleared.containers();
        List<String> networks = cleared.networks();
        List<String> files = cleared.files();
        PrintStream out = airlock.console().out();
        out.printf("removed %d container(s) of dead Airlock processes%s%n", containers.size(),
                containers.isEmpty() ? "" : ": " + String.join(", ", containers.stream().map(Sandbox::shortId).toList()));
        networks.forEach(n -> out.println("removed network " + n + " and its firewall rules"));
        files.forEach(f -> out.println("removed " + f));
        return 0;
    }
}
