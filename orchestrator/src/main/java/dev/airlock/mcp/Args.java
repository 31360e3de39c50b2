package dev.airlock.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tool call's arguments, read with the checks the schema states (the SDK validates too, but a client may
 * send anything): a wrong argument is a {@link Bad}, which the tool turns into an error result.
 */
record Args(Map<String, Object> values) {

    /** An argument the tool cannot use; the message says which and what is allowed. */
    static final class Bad extends RuntimeException {
        Bad(String message) {
            super(message);
        }
    }

    Args {
        values = values == null ? Map.of() : values;
    }

    String string(String name, int maxLength) {
        return optionalString(name, maxLength).orElseThrow(() -> new Bad("argument \"" + name + "\" is required"));
    }

    Optional<String> optionalString(String name, int maxLength) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new Bad("argument \"" + name + "\" must be a string");
        }
        if (s.length() > maxLength) {
            throw new Bad("argument \"" + name + "\" is longer than " + maxLength + " characters");
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    Optional<Long> optionalInteger(String name, long min, long max) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        long n;
        if (v instanceof Integer || v instanceof Long) {
            n = ((Number) v).longValue();
        } else if (v instanceof Number d && d.doubleValue() == Math.rint(d.doubleValue())) {
            n = (long) d.doubleValue();
        } else {
            throw new Bad("argument \"" + name + "\" must be a whole number");
        }
        if (n < min || n > max) {
            throw new Bad("argument \"" + name + "\" must be between " + min + " and " + max);
        }
        return Optional.of(n);
    }

    boolean flag(String name) {
        Object v = values.get(name);
        if (v != null && !(v instanceof Boolean)) {
            throw new Bad("argument \"" + name + "\" must be true or false");
        }
        return Boolean.TRUE.equals(v);
    }

    List<String> strings(String name, int maxItems) {
        if (!(values.get(name) instanceof List<?> list) || list.isEmpty()) {
            throw new Bad("argument \"" + name + "\" must be a non-empty list of strings");
        }
        if (list.size() > maxItems) {
            throw new Bad("argument \"" + name + "\" takes at most " + maxItems + " items");
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s) || s.isBlank()) {
                throw new Bad("argument \"" + name + "\" must hold non-empty strings");
            }
            out.add(s.strip());
        }
        return out;
    }
}
