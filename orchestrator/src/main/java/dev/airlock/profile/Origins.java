package dev.airlock.profile;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each effective value came from: for every profile and mode, each field (e.g. {@code limits.memory},
 * {@code maskedPaths}) maps to the files that set it, lowest layer first.
 */
public record Origins(Map<String, Map<String, List<String>>> profiles, Map<String, Map<String, List<String>>> modes) {

    public Origins {
        profiles = copy(profiles);
        modes = copy(modes);
    }

    public Map<String, List<String>> ofProfile(String name) {
        return profiles.getOrDefault(name, Map.of());
    }

    public Map<String, List<String>> ofMode(String name) {
        return modes.getOrDefault(name, Map.of());
    }

    private static Map<String, Map<String, List<String>>> copy(Map<String, Map<String, List<String>>> in) {
        Map<String, Map<String, List<String>>> out = new TreeMap<>();
        in.forEach((k, v) -> {
            Map<String, List<String>> inner = new TreeMap<>();
            v.forEach((f, s) -> inner.put(f, List.copyOf(s)));
            out.put(k, java.util.Collections.unmodifiableMap(inner));
        });
        return java.util.Collections.unmodifiableMap(out);
    }
}
