package dev.airlock.workspace;

import java.util.List;

/**
 * Files that differ between two states of a workspace, as sorted workspace-relative paths. A file whose
 * only change is its executable bit, or that turned from a file into a symlink, counts as modified.
 */
public record Changes(List<String> added, List<String> modified, List<String> deleted) {

    public static final Changes NONE = new Changes(List.of(), List.of(), List.of());

    public Changes {
        added = List.copyOf(added.stream().sorted().toList());
        modified = List.copyOf(modified.stream().sorted().toList());
        deleted = List.copyOf(deleted.stream().sorted().toList());
    }

    public boolean isEmpty() {
        return added.isEmpty() && modified.isEmpty() && deleted.isEmpty();
    }

    /** How many paths changed in all. */
    public int size() {
        return added.size() + modified.size() + deleted.size();
    }
}
