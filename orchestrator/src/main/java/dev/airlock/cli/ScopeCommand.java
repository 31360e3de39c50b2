package dev.airlock.cli;

import dev.airlock.text.Clean;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Profile;
import dev.airlock.scope.WorkspaceGuard;
import dev.airlock.scope.WorkspaceScan;
import dev.airlock.session.Workspace;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airlock scope}: what a sandbox would see of a workspace, before anything runs. */
@Command(name = "scope", description = "Show what a sandbox would see of the workspace before anything runs: files, masked secrets, protected paths, warnings.")
final class ScopeCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--mode", defaultValue = "default", paramLabel = "MODE", description = "The mode whose base profile applies (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    ScopeCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        Workspace ws = Workspace.open(workspace.path(airlock.console()));
        Catalog catalog = airlock.catalog(Optional.of(ws.root()));
        Profile profile = catalog.profile(catalog.mode(mode).profile());
        WorkspaceScan scan = WorkspaceScan.of(ws.root(), profile.maskedPaths(), profile.protectedPaths());
        Optional<String> refused = WorkspaceGuard.problem(ws.root(), airlock.homes());
        PrintStream out = airlock.console().out();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workspace", ws.root().toString());
            m.put("mode", mode);
            m.put("profile", profile.name());
            m.put("workspaceAccess", ProfilesCommand.name(profile.workspace()));
            m.put("network", ProfilesCommand.name(profile.network()));
            m.put("files", scan.files());
            m.put("bytes", scan.bytes());
            m.put("masked", scan.masked());
            m.put("protected", scan.protect());
            m.put("warnings", scan.warnings());
            m.put("refused", refused);
            out.println(Json.write(m));
            return 0;
        }
        // file names are the workspace's, written by whoever wrote it: each is cleaned on its own line's terms
        out.printf("workspace  %s -> /workspace (%s, network %s; mode %s, profile %s)%n", Clean.line(ws.root().toString()),
                ProfilesCommand.name(profile.workspace()), ProfilesCommand.name(profile.network()), Clean.line(mode),
                Clean.line(profile.name()));
        out.printf("files      %d files, %s%n", scan.files(), human(scan.bytes()));
        out.printf("masked     %s%n", scan.masked().isEmpty() ? "none found" : scan.masked().size() + " (read empty inside, writes fail): " + names(scan.masked()));
        out.printf("protected  %s%n", scan.protect().isEmpty() ? "none found" : "read-only even when the workspace is writable: " + names(scan.protect()));
        refused.ifPresent(why -> out.printf("REFUSED    as a workspace: %s (--allow-broad-workspace overrides)%n", Clean.line(why)));
        scan.warnings().forEach(w -> out.printf("warning    %s%n", Clean.line(w)));
        return 0;
    }

    /** Names on one line, each cleaned; a name with a blank in it is quoted so the list still reads as names. */
    static String names(java.util.List<String> names) {
        return String.join(" ", names.stream().map(n -> {
            String clean = Clean.line(n);
            return clean.contains(" ") || clean.isEmpty() ? "\"" + clean + "\"" : clean;
        }).toList());
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        return String.format(java.util.Locale.ROOT, "%.1f %siB", bytes / (double) (1L << (unit * 10)), " KMGTPE".charAt(unit));
    }
}
