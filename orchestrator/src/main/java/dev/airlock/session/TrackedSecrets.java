package dev.airlock.session;

import dev.airlock.scope.GitIndex;
import dev.airlock.scope.PathPatterns;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * Masked files that the workspace's repository tracks. The mask hides the working copy only: the content is
 * in git's objects, and the emptied copy looks modified, so a routine {@code git add -A && git commit} would
 * commit it empty. Read from the index by Airlock itself, again only when the index changed.
 */
final class TrackedSecrets {

    private final Path root;
    private final PathPatterns masks;
    private Object seenKey;
    private List<GitIndex.Entry> tracked = List.of();
    private boolean told;

    TrackedSecrets(Path root, List<String> maskedPatterns) {
        this.root = root;
        this.masks = PathPatterns.of(maskedPatterns);
    }

    /** The masked files the index tracks now, with whether git already skips each one's working copy. */
    synchronized List<GitIndex.Entry> now() {
        Object key;
        try {
            BasicFileAttributes a = Files.readAttributes(root.resolve(".git").resolve("index"), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            key = List.of(a.size(), a.lastModifiedTime().toMillis(), String.valueOf(a.fileKey()));
        } catch (java.io.IOException | RuntimeException e) {
            key = "none";
        }
        if (!key.equals(seenKey)) {
            seenKey = key;
            tracked = GitIndex.entries(root).orElse(List.of()).stream().filter(e -> masked(e.path())).toList();
        }
        return tracked;
    }

    List<String> paths() {
        return now().stream().map(GitIndex.Entry::path).toList();
    }

    /** What to tell the person, the first time this session meets such files. */
    synchronized Optional<String> noticeOnce() {
        List<String> paths = paths();
        if (told || paths.isEmpty()) {
            return Optional.empty();
        }
        told = true;
        return Optional.of("note: git tracks masked files (" + String.join(", ", paths) + "): the sandbox reads them empty, "
                + "but their content is in the repository, readable through git (git log -p, git show), and Airlock asks "
                + "before such commands; while a command runs, git skips their working copies, so a commit leaves them as "
                + "they are. Take them out of the repository (git rm --cached) and rotate the secrets.");
    }

    private boolean masked(String path) {
        if (masks.matches(path, false)) {
            return true;
        }
        // a file inside a masked folder (.aws/credentials under .aws/)
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            if (masks.matches(path.substring(0, i), true)) {
                return true;
            }
        }
        return false;
    }
}
