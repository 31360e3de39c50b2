package dev.airlock.audit;

import dev.airlock.audit.AuditEvent.FileChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The net effect of a session on its files, from the changes of its commands in order. The steps taken so far
 * are remembered at every checkpoint, so a rollback to one makes the steps what they were then: a command
 * undone by a rollback does not count, and undoing the rollback brings it back.
 */
final class NetChanges {

    private enum Op { ADDED, MODIFIED, DELETED }

    private record Step(String path, Op op) {
    }

    private List<Step> steps = new ArrayList<>();
    private final Map<String, List<Step>> atCheckpoint = new LinkedHashMap<>();

    void checkpoint(String id) {
        atCheckpoint.putIfAbsent(id, List.copyOf(steps));
    }

    void apply(FileChanges changes) {
        changes.added().forEach(path -> steps.add(new Step(path, Op.ADDED)));
        changes.modified().forEach(path -> steps.add(new Step(path, Op.MODIFIED)));
        changes.deleted().forEach(path -> steps.add(new Step(path, Op.DELETED)));
    }

    void rollback(String to, String undo, FileChanges changes) {
        atCheckpoint.put(undo, List.copyOf(steps));
        Optional<List<Step>> then = atCheckpoint.entrySet().stream()
                .filter(e -> e.getKey().startsWith(to) || to.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
        if (then.isPresent()) {
            steps = new ArrayList<>(then.get());
        } else {
            // a checkpoint this log never mentioned: the rollback's own changes are all there is to go on
            apply(changes);
        }
    }

    /** Per path: did it exist before its first step, does it after its last? That decides added, modified, deleted. */
    FileChanges result() {
        Map<String, boolean[]> paths = new TreeMap<>();
        for (Step step : steps) {
            boolean[] beforeAndAfter = paths.computeIfAbsent(step.path(), p -> new boolean[] {step.op() != Op.ADDED, false});
            beforeAndAfter[1] = step.op() != Op.DELETED;
        }
        List<String> added = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        paths.forEach((path, ba) -> {
            if (!ba[0] && ba[1]) {
                added.add(path);
            } else if (ba[0] && ba[1]) {
                modified.add(path);
            } else if (ba[0]) {
                deleted.add(path);
            }
        });
        return new FileChanges(added, modified, deleted);
    }
}
