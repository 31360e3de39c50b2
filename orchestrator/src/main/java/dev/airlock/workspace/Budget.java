package dev.airlock.workspace;

import dev.airlock.AirlockException;
import java.util.Locale;
import java.util.Map;
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
}
