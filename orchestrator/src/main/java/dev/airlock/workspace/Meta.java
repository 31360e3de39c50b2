package dev.airlock.workspace;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a checkpoint keeps beside its tree, as JSON in its commit message after the label line; {@code at} is
 * ISO-8601. Fields added since the first stores are absent (null) in older checkpoints.
 *
 * @param masked masked files: path to {@link MaskDigest} of their content, never the content
 * @param repo   the user's top-level {@code .git} as it was; absent in checkpoints older than this field
 * @param session the session whose command (or rollback) it was taken for; absent when unknown or older
 */
record Meta(String label, String at, int files, List<String> emptyDirectories, List<Excluded> excluded,
            Map<String, String> masked, Repo repo, String session) {

    Meta {
        emptyDirectories = emptyDirectories == null ? List.of() : List.copyOf(emptyDirectories);
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
        masked = masked == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(masked));
    }

    Optional<Repo> repository() {
        return Optional.ofNullable(repo);
    }

    Optional<String> owner() {
        return Optional.ofNullable(session);
    }

    Meta withMasked(Map<String, String> more, int filesNow) {
        Map<String, String> all = new TreeMap<>(masked);
        all.putAll(more);
        return new Meta(label, at, filesNow, emptyDirectories, excluded, all, repo, session);
    }

    /**
     * The user's top-level {@code .git}: a folder, stored as {@code tree} (the second parent of the checkpoint's
     * commit keeps it reachable) with its empty folders; absent; or something else (a gitfile or a symlink),
     * which is never followed and left as it is.
     */
    record Repo(String kind, String tree, List<String> emptyDirectories) {
        static final String FOLDER = "folder";
        static final String ABSENT = "absent";
        static final String OTHER = "other";

        Repo {
            emptyDirectories = emptyDirectories == null ? List.of() : List.copyOf(emptyDirectories);
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        boolean isFolder() {
            return FOLDER.equals(kind);
        }
    }
}
