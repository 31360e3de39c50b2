package dev.airlock.cli;

import dev.airlock.text.Clean;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Profile;
import dev.airlock.scope.WorkspaceGuard;
import dev.airlock.scope.WorkspaceScan;
import dev.airlock.session.Workspace;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airlock scope}: what a sandbox would see of a workspace, before anything runs. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock scope", "  airlock scope --mode read-only --json"},
        name = "scope", description = "Show what a sandbox would see of the workspace before anything runs: files, masked secrets, protected paths, warnings.")
final class ScopeCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--mode", defaultValue = "default", paramLabel = "MODE", description = "The mode whose base profile applies (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--json", description = "Print JSON (docs/JSON.md): version, files, masked, protected, pinned, warnings, refused.")
    boolean json;

    ScopeCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        Workspace ws = Workspace.open(workspace.path(airlock.console()));
        Catalog catalog = airlock.catalog(Optional.of(ws.root()));
        Profile profile = catalog.profile(catalog.mode(mode).profile());
        List<String> readOnly = new java.util.ArrayList<>(profile.readOnlyPaths());
        readOnly.addAll(dev.airlock.guard.RepositoryPaths.of(ws.root()));
        WorkspaceScan scan = WorkspaceScan.of(ws.root(), profile.maskedPaths(), readOnly, profile.pinnedPaths(), List.of());
        Optional<String> refused = WorkspaceGuard.forbidden(ws.root(), WorkspaceGuard.sensitive(airlock.homes(), airlock.airlockFolders()))
                .or(() -> WorkspaceGuard.problem(ws.root(), airlock.homes()));
        // masked files git tracks: hidden in the working tree, but their content is in the repository
        java.util.List<String> inGit = dev.airlock.scope.GitIndex.tracked(ws.root())
                .map(t -> dev.airlock.scope.GitIndex.trackedAmong(t, scan.masked())).orElse(java.util.List.of());
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
            m.put("pinned", scan.pinned());
            m.put("maskedInGit", inGit);
            m.put("warnings", scan.warnings());
            m.put("refused", refused);
            out.println(Json.write(Json.document(m)));
            return 0;
        }
        // file names are the workspace's, written by whoever wrote it: each is cleaned on its own line's terms
        out.printf("workspace  %s -> /workspace (%s, network %s; mode %s, profile %s)%n", Clean.line(ws.root().toString()),
                ProfilesCommand.name(profile.workspace()), ProfilesCommand.name(profile.network()), Clean.line(mode),
                Clean.line(profile.name()));
        out.printf("files      %d files, %s%n", scan.files(), human(scan.bytes()));
        out.printf("masked     %s%n", scan.masked().isEmpty() ? "none found" : scan.masked().size() + " (read empty inside, writes fail): " + names(scan.masked()));
        out.printf("protected  %s%n", scan.protect().isEmpty() ? "none found" : "read-only even when the workspace is writable: " + names(scan.protect()));
        if (!inGit.isEmpty()) {
            out.printf("in git     %d masked file(s) git tracks: their content is in the repository's history, readable "
                    + "through git (git log -p, git show): %s; take them out (git rm --cached) and rotate the secrets%n",
                    inGit.size(), names(inGit));
        }
        if (!scan.pinned().isEmpty()) {
            out.printf("pinned     cannot be moved or removed while a command runs: %s%n", names(scan.pinned()));
        }
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
