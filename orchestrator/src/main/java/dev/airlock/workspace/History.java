package dev.airlock.workspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What changed in the user's repository ({@code .git}) between two checkpoints, in one line for people:
 * refs added, deleted and moved (loose and packed), HEAD, object files and packs; never a list of files.
 */
final class History {

    private History() {
    }

    static Optional<String> summary(StoreGit store, Optional<Meta.Repo> from, Optional<Meta.Repo> to) {
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        Meta.Repo a = from.get();
        Meta.Repo b = to.get();
        if (!a.isFolder() || !b.isFolder()) {
            if (a.kind().equals(b.kind())) {
                return Optional.empty();
            }
            return Optional.of(a.isFolder() ? "the repository's history (.git) was " + (b.kind().equals(Meta.Repo.ABSENT)
                    ? "removed" : "replaced by a link or a file") : b.isFolder() ? "a repository (.git) was created"
                    : "the repository's .git was " + (b.kind().equals(Meta.Repo.ABSENT) ? "removed" : "replaced by a link or a file"));
        }
        if (a.tree().equals(b.tree())) {
            return Optional.empty();
        }
        Map<String, String> refsA = refs(store, a.tree());
        Map<String, String> refsB = refs(store, b.tree());
        String headA = refsA.remove("HEAD");
        String headB = refsB.remove("HEAD");
        long deleted = refsA.keySet().stream().filter(r -> !refsB.containsKey(r)).count();
        long moved = refsA.entrySet().stream().filter(r -> refsB.containsKey(r.getKey())
                && !refsB.get(r.getKey()).equals(r.getValue())).count();
        long addedRefs = refsB.keySet().stream().filter(r -> !refsA.containsKey(r)).count();
        Set<String> objectsA = objects(store, a.tree());
        Set<String> objectsB = objects(store, b.tree());
        long removed = objectsA.stream().filter(o -> !objectsB.contains(o)).count();
        long added = objectsB.stream().filter(o -> !objectsA.contains(o)).count();
        List<String> parts = new ArrayList<>();
        if (deleted > 0) {
            parts.add(deleted + " ref(s) deleted");
        }
        if (moved > 0) {
            parts.add(moved + " ref(s) moved");
        }
        if (addedRefs > 0) {
            parts.add(addedRefs + " ref(s) added");
        }
        if (!java.util.Objects.equals(headA, headB)) {
            parts.add(headB == null ? "HEAD removed" : "HEAD changed");
        }
        if (removed > 0) {
            parts.add(removed + " object file(s) removed");
        }
        if (added > 0) {
            parts.add(added + " object file(s) added");
        }
        if (parts.isEmpty()) {
            parts.add("other files of .git changed (index, logs or config)");
        }
        return Optional.of("the repository's history (.git): " + String.join(", ", parts));
    }

    /** Ref name (and {@code HEAD}) to what it holds: loose refs override packed ones, as in git. */
    private static Map<String, String> refs(StoreGit store, String tree) {
        Map<String, String> ids = new HashMap<>();
        List<String> fields = StoreGit.nulSplit(store.run(null, "ls-tree", "-r", "-z", tree, "--", "refs", "packed-refs", "HEAD"));
        for (String field : fields) {
            int tab = field.indexOf('\t');
            String[] head = field.substring(0, tab).split(" ");
            if (head[1].equals("blob")) {
                ids.put(field.substring(tab + 1), head[2]);
            }
        }
        if (ids.isEmpty()) {
            return new HashMap<>();
        }
        Map<String, String> content = contents(store, ids.values());
        Map<String, String> refs = new HashMap<>();
        String packed = ids.remove("packed-refs");
        if (packed != null) {
            for (String line : content.getOrDefault(packed, "").split("\n")) {
                String[] parts = line.strip().split(" ", 2);
                if (parts.length == 2 && !line.startsWith("#") && !line.startsWith("^")) {
                    refs.put(parts[1], parts[0]);
                }
            }
        }
        ids.forEach((path, id) -> refs.put(path, content.getOrDefault(id, "").strip()));
        return refs;
    }

    private static Set<String> objects(StoreGit store, String tree) {
        return new HashSet<>(StoreGit.nulSplit(store.run(null, "ls-tree", "-r", "-z", "--name-only", tree, "--", "objects")));
    }

    /** Blob contents by id, in one {@code cat-file --batch}; refs are small. */
    private static Map<String, String> contents(StoreGit store, java.util.Collection<String> ids) {
        List<String> unique = ids.stream().distinct().toList();
        byte[] out = store.run((String.join("\n", unique) + "\n").getBytes(StandardCharsets.US_ASCII), "cat-file", "--batch");
        Map<String, String> content = new HashMap<>();
        int at = 0;
        while (at < out.length) {
            int nl = indexOf(out, (byte) '\n', at);
            String[] header = new String(out, at, nl - at, StandardCharsets.US_ASCII).split(" ");
            if (header.length < 3) {
                break; // "<id> missing"
            }
            int size = Integer.parseInt(header[2]);
            content.put(header[0], new String(out, nl + 1, size, StandardCharsets.UTF_8));
            at = nl + 1 + size + 1;
        }
        return content;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }
}
