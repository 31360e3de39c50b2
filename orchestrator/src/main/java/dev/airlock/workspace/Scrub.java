package dev.airlock.workspace;

import dev.airlock.AirlockException;
import dev.airlock.scope.PathPatterns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Purges masked content from a store written before its mask patterns were given (every store of an Airlock
 * that stored masked files, and any store after a pattern is added): each checkpoint is rewritten without the
 * masked files (their digest kept instead), old ids are mapped to new ones, and the unreachable objects that
 * held the content are deleted. The patterns a store was last purged for are kept beside it.
 */
final class Scrub {

    static final String DONE = "airlock-masked-patterns";
    static final String RENAMED = "airlock-renamed";

    private Scrub() {
    }

    /** Runs under the store's lock. */
    static void ifNeeded(Store store, List<String> patterns, MaskDigest digest) {
        Path done = store.dir().resolve(DONE);
        TreeSet<String> scrubbed = new TreeSet<>();
        try {
            if (Files.exists(done, LinkOption.NOFOLLOW_LINKS)) {
                Files.readAllLines(done, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).forEach(scrubbed::add);
            }
        } catch (IOException e) {
            throw failure(store, e);
        }
        if (scrubbed.containsAll(patterns) && Files.exists(done, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        TreeSet<String> all = new TreeSet<>(scrubbed);
        all.addAll(patterns);
        StoreGit git = store.git();
        StoreGit.Result head = git.tryRun(Map.of(), null, "rev-parse", "-q", "--verify", Store.REF + "^{commit}");
        if (head.exit() == 0 && !patterns.isEmpty()) {
            rewrite(store, new String(head.out(), StandardCharsets.US_ASCII).strip(), PathPatterns.of(List.copyOf(all)), digest);
        }
        try {
            Path temp = Files.createTempFile(store.dir(), DONE, ".tmp");
            Files.writeString(temp, String.join("\n", all) + "\n", StandardCharsets.UTF_8);
            Files.move(temp, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failure(store, e);
        }
    }

    private static void rewrite(Store store, String head, PathPatterns masks, MaskDigest digest) {
        StoreGit git = store.git();
        Path scratch = store.dir().resolve("airlock-scrub-index");
        StoreGit temp = new StoreGit(store.dir(), store.dir(), scratch);
        List<Map.Entry<String[], Meta>> entries = new ArrayList<>(Checkpoints.entries(git, store.dir(), head, false));
        java.util.Collections.reverse(entries);
        Map<String, String> renamed = new HashMap<>();
        String parent = null;
        boolean changed = false;
        for (var entry : entries) {
            String commit = entry.getKey()[0];
            String tree = entry.getKey()[1];
            Meta meta = entry.getValue();
            temp.run(null, "read-tree", tree);
            List<String> stage = StoreGit.nulSplit(temp.run(null, "ls-files", "-z", "-s"));
            List<String> drop = new ArrayList<>();
            Map<String, String> digests = new HashMap<>();
            for (String line : stage) {
                // "<mode> <id> <stage>\t<path>"
                int tab = line.indexOf('\t');
                String path = line.substring(tab + 1);
                String[] head3 = line.substring(0, tab).split(" ");
                if (!head3[0].equals("120000") && masks.matches(path, false) || underMaskedFolder(masks, path)) {
                    drop.add(path);
                    byte[] content = git.run(null, "cat-file", "blob", head3[1]);
                    digests.put(path, digest.of(content, head3[0].equals("100755")));
                }
            }
            String newTree = tree;
            if (!drop.isEmpty()) {
                temp.run(StoreGit.nulJoined(drop), "update-index", "-z", "--force-remove", "--stdin");
                newTree = temp.text("write-tree");
                changed = true;
            }
            String date = new String(git.run(null, "log", "-1", "--format=%ct", commit), StandardCharsets.US_ASCII).strip();
            String stamp = "@" + date + " +0000";
            List<String> args = new ArrayList<>(List.of("commit-tree", newTree));
            if (parent != null) {
                args.addAll(List.of("-p", parent));
            }
            Map<String, String> dates = Map.of("GIT_AUTHOR_DATE", stamp, "GIT_COMMITTER_DATE", stamp);
            if (meta.repository().filter(Meta.Repo::isFolder).isPresent()) {
                args.addAll(List.of("-p", Checkpoints.repoCommit(git, meta.repo().tree(), dates)));
            }
            args.addAll(List.of("-F", "-"));
            Meta rewritten = digests.isEmpty() ? meta : meta.withMasked(digests, meta.files() - digests.size());
            String now = new String(git.run(dates,
                    Checkpoints.message(rewritten).getBytes(StandardCharsets.UTF_8), args.toArray(String[]::new)),
                    StandardCharsets.US_ASCII).strip();
            if (!now.equals(commit)) {
                renamed.put(commit, now);
            }
            parent = now;
        }
        try {
            Files.deleteIfExists(scratch);
            if (!changed) {
                return;
            }
            git.run(null, "update-ref", Store.REF, parent, head);
            List<String> lines = new ArrayList<>();
            Path file = store.dir().resolve(RENAMED);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                // an id renamed before is renamed again: its mapping follows
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    String[] pair = line.split(" ");
                    if (pair.length == 2) {
                        lines.add(pair[0] + " " + renamed.getOrDefault(pair[1], pair[1]));
                    }
                }
            }
            renamed.forEach((old, now) -> lines.add(old + " " + now));
            Path temp2 = Files.createTempFile(store.dir(), RENAMED, ".tmp");
            Files.write(temp2, lines, StandardCharsets.US_ASCII);
            Files.move(temp2, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // the private index names the masked blobs too: it is rebuilt from the workspace on the next checkpoint
            Files.deleteIfExists(store.dir().resolve("airlock-index"));
        } catch (IOException e) {
            throw failure(store, e);
        }
        // objects only the old commits reached are dropped from packs, then deleted loose
        git.run(null, "repack", "-a", "-d", "-q");
        git.run(null, "prune", "--expire=now");
    }

    private static boolean underMaskedFolder(PathPatterns masks, String path) {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (masks.matches(path.substring(0, slash), true)) {
                return true;
            }
        }
        return false;
    }

    /** The id that replaced this one (a full id or a prefix of 4 or more hex digits), if a scrub replaced it. */
    static Optional<String> renamed(Store store, String id) {
        Path file = store.dir().resolve(RENAMED);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] pair = line.split(" ");
                if (pair.length == 2 && pair[0].startsWith(id)) {
                    return Optional.of(pair[1]);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw failure(store, e);
        }
    }

    private static AirlockException failure(Store store, IOException e) {
        return AirlockException.failure("cannot purge masked content from the checkpoint store " + store.dir() + ": " + e.getMessage(),
                "check that the state folder is writable");
    }
}
