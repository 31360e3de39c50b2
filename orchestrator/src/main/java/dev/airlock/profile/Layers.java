package dev.airlock.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Profile and mode JSON trees merged layer over layer, remembering which file set each field. Objects
 * merge field by field; masked, protected, pinned and host-tool paths add up (no layer can unmask what a lower
 * one masks);
 * every other value is replaced by the higher layer.
 */
final class Layers {

    static final Set<String> ADDITIVE = Set.of("maskedPaths", "protectedPaths", "pinnedPaths", "hostToolPaths");

    private final Map<String, ObjectNode> profiles = new LinkedHashMap<>();
    private final Map<String, String> introducedBy = new LinkedHashMap<>();
    private final Map<String, Map<String, List<String>>> profileOrigins = new LinkedHashMap<>();
    private final Map<String, ObjectNode> modes = new LinkedHashMap<>();
    private final Map<String, Map<String, List<String>>> modeOrigins = new LinkedHashMap<>();
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    /** Rules add up; a higher layer's rule with a known id replaces it (the caller checks who may). */
    void addRules(List<Rule> added, boolean mayReplace) {
        for (Rule rule : added) {
            rules.put(rule.id(), rule);
        }
    }

    boolean hasRule(String id) {
        return rules.containsKey(id);
    }

    List<Rule> rules() {
        return List.copyOf(rules.values());
    }

    void addProfile(String name, String source, ObjectNode tree, boolean mayAdd) {
        ObjectNode base = profiles.get(name);
        if (base == null) {
            if (!mayAdd) {
                throw new IllegalStateException("checked by the caller");
            }
            profiles.put(name, tree.objectNode());
            introducedBy.put(name, source);
            base = profiles.get(name);
        }
        merge(base, tree, "", source, profileOrigins.computeIfAbsent(name, k -> new LinkedHashMap<>()));
    }

    void addModes(String source, ObjectNode tree, boolean mayAdd) {
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            var entry = it.next();
            ObjectNode base = modes.computeIfAbsent(entry.getKey(), k -> tree.objectNode());
            merge(base, (ObjectNode) entry.getValue(), "", source, modeOrigins.computeIfAbsent(entry.getKey(), k -> new LinkedHashMap<>()));
        }
    }

    private static void merge(ObjectNode base, ObjectNode overlay, String prefix, String source, Map<String, List<String>> origins) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
            var entry = it.next();
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            String path = prefix + field;
            JsonNode existing = base.get(field);
            if (existing instanceof ObjectNode existingObject && value instanceof ObjectNode valueObject) {
                merge(existingObject, valueObject, path + ".", source, origins);
            } else if (ADDITIVE.contains(path) && existing instanceof ArrayNode existingArray && value instanceof ArrayNode valueArray) {
                Set<String> union = new LinkedHashSet<>();
                existingArray.forEach(n -> union.add(n.asText()));
                valueArray.forEach(n -> union.add(n.asText()));
                ArrayNode merged = base.arrayNode();
                union.forEach(merged::add);
                base.set(field, merged);
                origins.computeIfAbsent(path, k -> new ArrayList<>()).add(source);
            } else {
                base.set(field, value.deepCopy());
                if (value instanceof ObjectNode valueObject) {
                    valueObject.fieldNames().forEachRemaining(sub -> origins.put(path + "." + sub, new ArrayList<>(List.of(source))));
                } else {
                    origins.put(path, new ArrayList<>(List.of(source)));
                }
            }
        }
    }

    boolean hasProfile(String name) {
        return profiles.containsKey(name);
    }

    boolean hasMode(String name) {
        return modes.containsKey(name);
    }

    List<String> profileNames() {
        return List.copyOf(profiles.keySet());
    }

    List<String> modeNames() {
        return List.copyOf(modes.keySet());
    }

    Map<String, ObjectNode> profileTrees() {
        return profiles;
    }

    Map<String, ObjectNode> modeTrees() {
        return modes;
    }

    String introducedBy(String profile) {
        return introducedBy.get(profile);
    }

    Map<String, List<String>> profileOrigins(String name) {
        return profileOrigins.getOrDefault(name, Map.of());
    }

    Map<String, List<String>> modeOrigins(String name) {
        return modeOrigins.getOrDefault(name, Map.of());
    }

    /** The file that last set a field (or, for {@code limits.memory}, its object), else the one that introduced it. */
    String lastSource(Map<String, List<String>> origins, String field) {
        for (String key = field; !key.isEmpty(); key = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "") {
            List<String> sources = origins.get(key);
            if (sources != null && !sources.isEmpty()) {
                return sources.getLast();
            }
        }
        return origins.values().stream().flatMap(List::stream).reduce((a, b) -> b).orElse("built-in");
    }

    Origins origins() {
        return new Origins(profileOrigins, modeOrigins);
    }
}
