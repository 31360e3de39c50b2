package dev.airlock.scope;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The folders one walk read, each with its inode and change time as they were before its entries were read.
 * A rename, a new or removed entry, a folder swapped for a link or another folder: each changes one of these
 * for a folder on the path, and the change time is one no program can set back (unlike the modification time,
 * which {@code touch -d} sets to anything). Equal stamps at the end mean the walk saw one state of the tree.
 */
final class Stamps {

    private record Stamp(Path dir, String rel, Map<String, Object> attrs) {
    }

    private static final String ATTRS = "unix:ino,dev,ctime";

    private final List<Stamp> stamps = new ArrayList<>();

    void stamp(Path dir, String rel) {
        stamps.add(new Stamp(dir, rel, read(dir)));
    }

    /** The first folder that is not as it was stamped (its workspace path, {@code .} for the top). */
    Optional<String> firstChanged() {
        for (Stamp s : stamps) {
            Map<String, Object> now = read(s.dir());
            if (s.attrs().isEmpty() || !s.attrs().equals(now)) {
                return Optional.of(s.rel().isEmpty() ? "." : s.rel());
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> read(Path dir) {
        try {
            return Files.readAttributes(dir, ATTRS, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return Map.of(); // gone, or unreadable: never equal to a stamp
        }
    }
}
