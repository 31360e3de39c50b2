package dev.airlock.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container's mount table as the kernel reports it ({@code /proc/<pid>/mountinfo}): what is mounted where,
 * seen from inside the container. Mount points are relative to the container's root; roots are paths within
 * each mount's filesystem, so a bind's root names the host object it shows.
 */
public record MountTable(List<Entry> entries) {

    public MountTable {
        entries = List.copyOf(entries);
    }

    /**
     * One line of mountinfo.
     *
     * @param device     {@code major:minor} of the filesystem
     * @param root       the mounted object's path within its filesystem ({@code //deleted} when it was unlinked)
     * @param mountPoint where it is mounted, relative to the reading process's root
     * @param options    per-mount options ({@code ro}, {@code rw}, ...)
     */
    public record Entry(int id, int parent, String device, String root, String mountPoint, List<String> options,
                        String fsType) {
        public Entry {
            Objects.requireNonNull(device);
            Objects.requireNonNull(root);
            Objects.requireNonNull(mountPoint);
            options = List.copyOf(options);
            Objects.requireNonNull(fsType);
        }

        /** Whether the mounted object was deleted (or renamed away in another namespace) since it was mounted. */
        public boolean deleted() {
            return root.endsWith("//deleted") || root.endsWith(" (deleted)");
        }

        public boolean readOnly() {
            return options.contains("ro");
        }
    }

    /** Parses mountinfo text; a line that is not mountinfo is refused, not skipped (fail closed). */
    public static MountTable parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            entries.add(entry(line));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an empty mount table");
        }
        return new MountTable(entries);
    }

    private static Entry entry(String line) {
        String[] f = line.trim().split(" ");
        int dash = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                dash = i;
                break;
            }
        }
        if (f.length < 10 || dash < 0 || dash + 1 >= f.length || !f[2].matches("[0-9]+:[0-9]+")) {
            throw new IllegalArgumentException("not a mountinfo line (" + f.length + " fields)");
        }
        try {
            return new Entry(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2], unescape(f[3]), unescape(f[4]),
                    List.of(f[5].split(",")), unescape(f[dash + 1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a mountinfo line (mount ids)");
        }
    }

    /**
     * The kernel writes space, tab, newline and backslash in paths as {@code \ooo}; the rest are the name's own
     * bytes, which are UTF-8 here as in Java's paths. The text arrives as ISO-8859-1 (one char per byte).
     */
    static String unescape(String field) {
        var bytes = new ByteArrayOutputStream(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1) && isOctal(field, i + 2) && isOctal(field, i + 3)) {
                bytes.write(Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                bytes.write(c & 0xff);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }

    /** The mount on top at exactly this mount point (a later line covers an earlier one at the same place). */
    public Optional<Entry> top(String mountPoint) {
        Entry found = null;
        for (Entry e : entries) {
            if (e.mountPoint().equals(mountPoint)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }
}
