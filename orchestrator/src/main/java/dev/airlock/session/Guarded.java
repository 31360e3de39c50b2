package dev.airlock.session;

import dev.airlock.assess.Assessment;
import dev.airlock.guard.GitConfigWrites;
import dev.airlock.guard.RepositoryPaths;
import dev.airlock.profile.Profile;
import dev.airlock.scope.PathPatterns;
import dev.airlock.scope.WorkspaceScan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one command's sandbox keeps read-only and what the guard checks after it: the profile's protected and
 * host-tool paths, plus the files the repository's own config makes git run (a {@code core.hooksPath} such as
 * {@code .husky}, included config), less the paths a person approved writing for this command.
 *
 * @param lifted  workspace-relative paths writable for this command alone: approved by a person, or the
 *                repository config a routine {@code git config}/{@code git remote} writes
 * @param checked the lifted paths no person approved: the guard still reads them after the command
 */
record Guarded(List<String> readOnlyPatterns, List<String> hostTools, PathPatterns hostToolPatterns, Set<String> lifted,
               Set<String> checked) {

    /** The reason the assessment gives a write to a protected path; its detail is the path. */
    static final String WRITES_PROTECTED = "writes-protected";

    static Guarded of(Path root, Profile profile, Set<String> lifted) {
        return of(root, profile, lifted, Set.of());
    }

    /**
     * For one command: what a person approved it writing ({@code approved}), and the repository config when the
     * command is one routine git config write ({@link GitConfigWrites}), which the guard checks all the same.
     */
    static Guarded forCommand(Path root, Profile profile, Set<String> approved, List<String> argv) {
        Set<String> checked = GitConfigWrites.lift(argv).filter(p -> !approved.contains(p)).map(Set::of).orElse(Set.of());
        Set<String> all = new LinkedHashSet<>(approved);
        all.addAll(checked);
        return of(root, profile, all, checked);
    }

    /** What the guard leaves as the command made it: what a person approved, nothing else. */
    Set<String> approved() {
        Set<String> out = new LinkedHashSet<>(lifted);
        out.removeAll(checked);
        return Set.copyOf(out);
    }

    private static Guarded of(Path root, Profile profile, Set<String> lifted, Set<String> checked) {
        List<String> repository = RepositoryPaths.of(root);
        Set<String> readOnly = new LinkedHashSet<>(profile.readOnlyPaths());
        readOnly.addAll(repository);
        Set<String> tools = new LinkedHashSet<>(profile.hostToolPaths());
        tools.addAll(repository);
        return new Guarded(List.copyOf(readOnly), List.copyOf(tools), PathPatterns.of(List.copyOf(tools)), Set.copyOf(lifted),
                Set.copyOf(checked));
    }

    /** The protected paths the assessment found the command writes, as workspace-relative paths. */
    static Set<String> lifted(Assessment assessment) {
        return assessment.reasons().stream().filter(r -> r.what().equals(WRITES_PROTECTED))
                .map(r -> r.detail().startsWith("./") ? r.detail().substring(2) : r.detail())
                .filter(d -> !d.startsWith("/") && !d.startsWith("..") && !d.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The scan without the read-only mounts that would stand in the way of an approved write. */
    WorkspaceScan withoutLifted(WorkspaceScan scan) {
        if (lifted.isEmpty()) {
            return scan;
        }
        List<String> protect = new ArrayList<>();
        for (String p : scan.protect()) {
            String s = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            boolean blocks = lifted.stream().anyMatch(l -> l.equals(s) || l.startsWith(s + "/") || s.startsWith(l + "/"));
            if (!blocks) {
                protect.add(p);
            }
        }
        return new WorkspaceScan(scan.files(), scan.bytes(), scan.masked(), protect, scan.warnings(), scan.pinned(), scan.watched());
    }
}
