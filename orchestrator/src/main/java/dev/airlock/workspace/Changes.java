package dev.airlock.workspace;

import java.util.List;
import java.util.Optional;

/**
 * Files that differ between two states of a workspace, as sorted workspace-relative paths. A file whose
 * only change is its executable bit, or that turned from a file into a symlink, counts as modified.
 *
 * @param masked   those of the paths that are masked: shown as changed, their content never stored or shown
 * @param notHeld  files of the later state left out for the byte budget: their changes cannot be rolled back
 * @param history  what changed in the user's repository ({@code .git}), in one line, when anything did
 */
public record Changes(List<String> added, List<String> modified, List<String> deleted, List<String> masked,
                      List<Excluded> notHeld, Optional<String> history) {

    public static final Changes NONE = new Changes(List.of(), List.of(), List.of());

    public Changes {
        added = List.copyOf(added.stream().sorted().toList());
        modified = List.copyOf(modified.stream().sorted().toList());
        deleted = List.copyOf(deleted.stream().sorted().toList());
        masked = List.copyOf(masked.stream().sorted().toList());
        notHeld = List.copyOf(notHeld);
        java.util.Objects.requireNonNull(history);
    }

    public Changes(List<String> added, List<String> modified, List<String> deleted) {
        this(added, modified, deleted, List.of(), List.of(), Optional.empty());
    }

    public boolean isEmpty() {
        return added.isEmpty() && modified.isEmpty() && deleted.isEmpty() && history.isEmpty();
    }

    /** How many paths changed in all. */
    public int size() {
        return added.size() + modified.size() + deleted.size();
    }
}
