package dev.airlock.workspace;

import dev.airlock.AirlockException;
import dev.airlock.text.Clean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whose work a rollback would undo. Sessions on one workspace share its store; each checkpoint names the
 * session it was taken for, and what changed from it to the next checkpoint (or to now) is put down to that
 * session. A rollback that would change a path another session changed since its target is refused.
 */
final class OtherSessions {

    private static final int SHOWN = 10;

    private OtherSessions() {
    }

    /**
     * Throws, naming the sessions and paths, when restoring {@code target} would undo a change made since it in
     * an interval another session's checkpoint began. Checkpoints that name no session (older stores) count as no one's.
     */
    static void refuseIfUndoing(StoreGit git, Path storeDir, String head, String target, String me, String targetId,
                                String nowTree, Map<String, String> nowMasked, Meta.Repo nowRepo) {
        Map<String, Set<String>> byOther = since(git, storeDir, head, target, me, nowTree, nowMasked, nowRepo);
        if (byOther.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        byOther.forEach((session, paths) -> parts.add("session " + Clean.line(session) + " changed " + paths.size()
                + " path(s) since (" + String.join(", ", paths.stream().limit(SHOWN).map(Clean::line).toList())
                + (paths.size() > SHOWN ? ", ..." : "") + ")"));
        String first = byOther.keySet().iterator().next();
        throw AirlockException.usage("not rolled back to checkpoint " + targetId + ": it would undo another session's work on "
                        + "the same workspace: " + String.join("; ", parts),
                "roll back that session first (airlock rollback --session " + Clean.line(first) + "), or pass --force to "
                        + "undo its changes too (airlock rollback --session " + Clean.line(me) + " --force; the state before "
                        + "is kept as a checkpoint either way)");
    }

    /**
     * The paths that differ between {@code target} and now which another session changed since, by session in
     * name order; empty when none, or when {@code target} is not on the store's line of checkpoints.
     */
    static Map<String, Set<String>> since(StoreGit git, Path storeDir, String head, String target, String me,
                                          String nowTree, Map<String, String> nowMasked, Meta.Repo nowRepo) {
        List<Map.Entry<String[], Meta>> since = new ArrayList<>();
        boolean found = false;
        for (var entry : Checkpoints.entries(git, storeDir, head, false)) {
            since.add(entry);
            if (entry.getKey()[0].equals(target)) {
                found = true;
                break;
            }
        }
        if (!found) {
            return Map.of();
        }
        since = since.reversed();
        Map<String, Set<String>> byOther = new TreeMap<>();
        for (int i = 0; i < since.size(); i++) {
            Meta from = since.get(i).getValue();
            Optional<String> owner = from.owner();
            if (owner.isEmpty() || owner.get().equals(me)) {
                continue;
            }
            boolean last = i + 1 == since.size();
            Set<String> paths = changed(git, since.get(i).getKey()[1], from,
                    last ? nowTree : since.get(i + 1).getKey()[1],
                    last ? nowMasked : since.get(i + 1).getValue().masked(),
                    last ? Optional.of(nowRepo) : since.get(i + 1).getValue().repository());
            if (!paths.isEmpty()) {
                byOther.computeIfAbsent(owner.get(), k -> new TreeSet<>()).addAll(paths);
            }
        }
        if (byOther.isEmpty()) {
            return Map.of();
        }
        Set<String> undone = changed(git, since.getFirst().getKey()[1], since.getFirst().getValue(), nowTree, nowMasked,
                Optional.of(nowRepo));
        byOther.values().forEach(paths -> paths.retainAll(undone));
        byOther.values().removeIf(Set::isEmpty);
        return byOther;
    }

    /** Paths that differ between two states: files and links, masked files by digest, and {@code .git} as one path. */
    private static Set<String> changed(StoreGit git, String fromTree, Meta from, String toTree, Map<String, String> toMasked,
                                       Optional<Meta.Repo> toRepo) {
        Set<String> paths = new TreeSet<>();
        if (!fromTree.equals(toTree)) {
            paths.addAll(StoreGit.nulSplit(git.run(null, "diff-tree", "-r", "-z", "--name-only", "--no-renames", fromTree, toTree)));
        }
        Map<String, String> fromMasked = from.masked();
        fromMasked.forEach((path, digest) -> {
            if (!digest.equals(toMasked.get(path))) {
                paths.add(path);
            }
        });
        toMasked.keySet().stream().filter(p -> !fromMasked.containsKey(p)).forEach(paths::add);
        if (from.repository().isPresent() && toRepo.isPresent()) {
            Meta.Repo a = from.repository().get();
            Meta.Repo b = toRepo.get();
            if (!a.kind().equals(b.kind()) || !Objects.equals(a.tree(), b.tree())) {
                paths.add(".git");
            }
        }
        return paths;
    }
}
