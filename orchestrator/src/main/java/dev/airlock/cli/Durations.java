package dev.airlock.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/** Parses and prints durations as people write them: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}. */
final class Durations implements ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)?");

    @Override
    public Duration convert(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            // picocli prints a converter's own exception with its class name; this one it prints as words
            throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not a duration: write a number with ms, s, m or h, e.g. 30s or 10m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
