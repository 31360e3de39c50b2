package dev.airlock.profile;

import dev.airlock.AirlockException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The effective profiles and modes, after loading and validating every layer, with where each value came
 * from. Lookups by name fail with a usage error that lists what exists.
 */
public record Catalog(SortedMap<String, Profile> profiles, SortedMap<String, Mode> modes, List<Rule> rules,
                      Origins origins) {

    public Catalog {
        rules = List.copyOf(rules);
        profiles = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(profiles));
        modes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(modes));
        java.util.Objects.requireNonNull(origins);
    }

    public static Catalog of(Map<String, Profile> profiles, Map<String, Mode> modes) {
        return new Catalog(new TreeMap<>(profiles), new TreeMap<>(modes), List.of(), new Origins(Map.of(), Map.of()));
    }

    public Profile profile(String name) {
        return Optional.ofNullable(profiles.get(name)).orElseThrow(() -> AirlockException.usage(
                "no profile named '" + name + "'", "profiles: " + String.join(", ", profiles.keySet())));
    }

    public Mode mode(String name) {
        return Optional.ofNullable(modes.get(name)).orElseThrow(() -> AirlockException.usage(
                "no mode named '" + name + "'", "modes: " + String.join(", ", modes.keySet())));
    }

    /** Profile names ordered by what they give (workspace access, then network), weakest first. */
    public List<String> profileOrder() {
        return profiles.values().stream()
                .sorted(java.util.Comparator.comparing((Profile p) -> p.network().ordinal() * 2 + p.workspace().ordinal())
                        .thenComparing(Profile::name))
                .map(Profile::name).toList();
    }

    /** The base profile of a mode, then the profiles it may escalate to, weakest first. */
    public List<Profile> reachable(Mode mode) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(mode.profile()), mode.escalateTo().stream())
                .map(this::profile).toList();
    }
}
