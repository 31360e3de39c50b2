package dev.airlock.workspace;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rollback of masked files, whose content no checkpoint holds: a masked file that moved (a sandbox renamed
 * its folder) is moved back, found by its digest; one that is gone with no copy left, or that differs now, is
 * listed as not restored; one added since is left where it is (removing it could not be undone).
 */
final class Masked {

    private Masked() {
    }

    /** Returns what could not be put back as the checkpoint had it. */
    static List<Excluded> restore(Path root, Map<String, String> wanted, Map<String, String> now) {
        List<Excluded> notRestored = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (var file : wanted.entrySet()) {
            String path = file.getKey();
            String current = now.get(path);
            if (file.getValue().equals(current)) {
                continue;
            }
            if (current != null) {
                notRestored.add(new Excluded(path, "masked: its content differs from the checkpoint's and is not stored; left as it is"));
                continue;
            }
            // a copy that is not where the checkpoint wants a masked file of its own
            var source = now.entrySet().stream()
                    .filter(e -> e.getValue().equals(file.getValue()) && !used.contains(e.getKey())
                            && !file.getValue().equals(wanted.get(e.getKey())) && !wanted.containsKey(e.getKey()))
                    .map(Map.Entry::getKey).findFirst();
            if (source.isEmpty() || !move(root, source.get(), path)) {
                notRestored.add(new Excluded(path, "masked: its content is not stored and no copy of it is left in the workspace"));
                continue;
            }
            used.add(source.get());
        }
        for (String path : now.keySet()) {
            if (!wanted.containsKey(path) && !used.contains(path)) {
                notRestored.add(new Excluded(path, "masked, added since the checkpoint: left as it is (its content is not stored)"));
            }
        }
        return notRestored;
    }

    /** Renames a file inside the workspace; never through a link in either path, never over a file. */
    private static boolean move(Path root, String from, String to) {
        Path source = root.resolve(from);
        Path parent = Path.of(to).getParent();
        if (!realFolders(root, Path.of(from).getParent()) || parent != null && !directories(root, parent)) {
            return false;
        }
        try {
            if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) || Files.exists(root.resolve(to), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.move(source, root.resolve(to), LinkOption.NOFOLLOW_LINKS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean realFolders(Path root, Path relative) {
        if (relative == null) {
            return true;
        }
        Path at = root;
        for (Path part : relative) {
            at = at.resolve(part);
            if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Creates the folders of a relative path below root, one by one; stops at anything that is not a real
     * folder (a symlink could point out of the workspace). Returns whether the whole path is real folders now.
     */
    static boolean directories(Path root, Path relative) {
        Path at = root;
        for (Path part : relative) {
            at = at.resolve(part);
            try {
                if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(at);
                } else if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
            } catch (IOException e) {
                throw AirlockException.failure("cannot re-create the folder " + at + ": " + e.getMessage(),
                        "check the workspace's permissions");
            }
        }
        return true;
    }
}
