package dev.airlock.workspace;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many bytes one checkpoint may read: a file git would have to read (new or changed since the last
 * checkpoint) that is larger than {@code fileBytes}, or that would take the checkpoint past {@code totalBytes},
 * is left out and listed, so a sparse 8 GiB file made in an instant costs no host minutes.
 */
public record Budget(long fileBytes, long totalBytes) {

    /** Above what a source tree holds (GitHub refuses files over 100 MiB), far below what costs minutes. */
    public static final Budget DEFAULT = new Budget(100L << 20, 1L << 30);

    /** Environment variables that override the defaults, e.g. {@code 512m}, {@code 4g}. */
    public static final String FILE_ENV = "AIRLOCK_CHECKPOINT_FILE_LIMIT";
    public static final String TOTAL_ENV = "AIRLOCK_CHECKPOINT_LIMIT";

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([kmgt]?)i?b?", Pattern.CASE_INSENSITIVE);

    public Budget {
        if (fileBytes <= 0 || totalBytes <= 0) {
            throw new IllegalArgumentException("a checkpoint budget is positive");
        }
    }

    /** The defaults, with what the environment sets instead. */
    public static Budget fromEnv(Map<String, String> env) {
        return new Budget(size(env, FILE_ENV, DEFAULT.fileBytes()), size(env, TOTAL_ENV, DEFAULT.totalBytes()));
    }

    private static long size(Map<String, String> env, String name, long fallback) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw AirlockException.usage(name + " is not a size (it is " + text.strip().length() + " characters long)",
                    "set " + name + " to a size such as 512m or 4g, or unset it for the default");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    /** {@code 8.0 GiB}, {@code 100 MiB}, {@code 512 B}. */
    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : value == Math.rint(value) ? (long) value + " " + units[unit]
                : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * Why a file git would have to read is left out, if it is: the reason says the limit, the size, whether
     * it looks sparse, and that it cannot be rolled back. {@code object}: an object or pack of the user's .git.
     */
    Optional<String> overBudget(Path file, long size, long spent, boolean object) {
        // a git object or pack never changes, so it is read once per workspace: only the checkpoint's total
        // bounds it (a planted sparse one reads as zeros and gets the per-file limit)
        if ((object || size <= fileBytes) && spent + size <= totalBytes) {
            return Optional.empty();
        }
        String sparse = readsAsZeros(file, size) ? ", reads as zeros where sampled: likely sparse" : "";
        String limit = size > fileBytes && !object ? human(fileBytes) + " per file"
                : human(totalBytes) + " per checkpoint (" + human(spent) + " already read)";
        return Optional.of(Excluded.OVER_BUDGET + " of " + limit + ": " + human(size) + sparse
                + "; it cannot be rolled back (set " + (size > fileBytes && !object ? FILE_ENV : TOTAL_ENV)
                + " to raise it)");
    }

    /**
     * A cheap sign of a sparse file (the JDK does not give its allocated blocks): 4 KiB at its start, middle and
     * end are all zero. Only for the note people read; the size alone decides.
     */
    static boolean readsAsZeros(Path file, long size) {
        try (var channel = Files.newByteChannel(file, Set.of(java.nio.file.StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4096);
            for (long at : new long[] {0, size / 2, Math.max(0, size - 4096)}) {
                buffer.clear();
                channel.position(at).read(buffer);
                for (int i = 0; i < buffer.position(); i++) {
                    if (buffer.get(i) != 0) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
