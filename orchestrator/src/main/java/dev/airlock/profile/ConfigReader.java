package dev.airlock.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads values out of a JSON tree one field at a time, so that every refusal can name the file, the JSON
 * path and what is allowed. Jackson's own binding errors cannot say all three, hence this small reader.
 */
final class ConfigReader {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)i?b?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

    private final String source;

    ConfigReader(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    ProfileException error(String path, String problem) {
        return new ProfileException(source, path, problem);
    }

    ObjectNode object(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw error(path, "expected a JSON object, found " + describe(node));
    }

    /** Refuses fields the schema does not know, listing the ones it does. */
    void onlyFields(ObjectNode node, String path, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw error(child(path, name), "unknown field; allowed fields: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    Optional<String> string(ObjectNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw error(child(path, field), "expected a non-empty string, found " + describe(value));
        }
        return Optional.of(value.asText());
    }

    <E extends Enum<E>> Optional<E> enumValue(ObjectNode node, String path, String field, Class<E> type) {
        return string(node, path, field).map(text -> {
            for (E constant : type.getEnumConstants()) {
                if (jsonName(constant).equals(text)) {
                    return constant;
                }
            }
            throw error(child(path, field), "not allowed; allowed: " + allowedNames(type));
        });
    }

    Optional<List<String>> strings(ObjectNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw error(child(path, field), "expected a list of strings, found " + describe(value));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                throw error(child(path, field) + "[" + i + "]", "expected a non-empty string, found " + describe(item));
            }
            out.add(item.asText());
        }
        return Optional.of(List.copyOf(out));
    }

    Optional<Boolean> bool(ObjectNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw error(child(path, field), "expected true or false, found " + describe(value));
        }
        return Optional.of(value.booleanValue());
    }

    Optional<Long> integer(ObjectNode node, String path, String field, long min, long max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw error(child(path, field), "expected a whole number from " + min + " to " + max + ", found " + describe(value));
        }
        return Optional.of(value.asLong());
    }

    Optional<Double> number(ObjectNode node, String path, String field, double min, double max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw error(child(path, field), "expected a number from " + min + " to " + max + ", found " + describe(value));
        }
        return Optional.of(value.asDouble());
    }

    /** A size in bytes: a whole number, or a number with k, m, g or t (powers of 1024), e.g. "512m". */
    Optional<Long> size(ObjectNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isIntegralNumber() && value.asLong() > 0) {
            return Optional.of(value.asLong());
        }
        Optional<Long> parsed = value.isTextual() ? parseSize(value.asText()) : Optional.empty();
        return Optional.of(parsed.orElseThrow(() -> error(child(path, field),
                "found " + describe(value) + " that is not a size; allowed: a positive number of bytes, or a number with k, m, g or t (e.g. \"512m\")")));
    }

    /** A duration such as "500ms", "30s", "10m" or "1h". */
    Optional<Duration> duration(ObjectNode node, String path, String field) {
        return string(node, path, field).map(text -> parseDuration(text).orElseThrow(() -> error(child(path, field),
                "not a duration; allowed: a number with ms, s, m or h (e.g. \"30s\", \"10m\")")));
    }

    static Optional<Long> parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long base = Long.parseLong(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return base > 0 && base < (Long.MAX_VALUE >> shift) ? Optional.of(base << shift) : Optional.empty();
    }

    static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) <= 0) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        });
    }

    static String child(String path, String field) {
        return field.matches("[A-Za-z_][A-Za-z0-9_]*") ? path + "." + field : path + "[" + quote(field) + "]";
    }

    static String jsonName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> String allowedNames(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map((Function<E, String>) ConfigReader::jsonName)
                .collect(Collectors.joining(", "));
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    /** What kind of value was found, never the value itself: it may be anything the file holds. */
    private static String describe(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> node.asText().isBlank() ? "an empty string" : "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
