package dev.airlock.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the built-in profiles and modes shipped in the jar under {@code profiles/} and validates every
 * field, so a bad file is refused as a whole with its name, the JSON path and what is allowed.
 */
public final class CatalogLoader {

    /** Built-in profile files; a new built-in profile is added here and in {@code profiles/}. */
    static final List<String> BUILT_IN_PROFILES = List.of("read-only", "workspace-write");

    static final String DEFAULT_IMAGE = "airlock/sandbox:latest";
    static final Limits DEFAULT_LIMITS = new Limits(2.0, 2L << 30, 512, Duration.ofMinutes(10), 1L << 20);

    private static final Set<String> PROFILE_FIELDS = Set.of("description", "image", "runtime", "workspace",
            "network", "domains", "capabilities", "limits", "env", "maskedPaths", "protectedPaths");
    private static final Set<String> LIMIT_FIELDS = Set.of("cpus", "memory", "pids", "timeout", "output");
    private static final Set<String> MODE_FIELDS = Set.of("description", "profile", "escalateTo");
    private static final Set<String> CAPABILITIES = Set.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE",
            "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE",
            "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID",
            "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT",
            "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM");

    private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The built-in catalog, from the jar's {@code profiles/} resources. */
    public Catalog builtIn() {
        Map<String, Profile> profiles = new LinkedHashMap<>();
        for (String name : BUILT_IN_PROFILES) {
            String source = "profiles/" + name + ".json";
            profiles.put(name, profile(name, new ConfigReader(source), parse(source, resource(source))));
        }
        String source = "profiles/modes.json";
        Map<String, Mode> modes = modes(new ConfigReader(source), parse(source, resource(source)), profiles);
        return Catalog.of(profiles, modes);
    }

    JsonNode parse(String source, String text) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null) {
                throw new ProfileException(source, "$", "the file is empty; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new ProfileException(source, "$", "not valid JSON"
                    + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
                    + ": " + e.getOriginalMessage());
        }
    }

    Profile profile(String name, ConfigReader in, JsonNode tree) {
        ObjectNode node = in.object(tree, "$");
        in.onlyFields(node, "$", PROFILE_FIELDS);
        List<String> capabilities = in.strings(node, "$", "capabilities").orElse(List.of());
        for (int i = 0; i < capabilities.size(); i++) {
            if (!CAPABILITIES.contains(capabilities.get(i))) {
                throw in.error("$.capabilities[" + i + "]", "\"" + capabilities.get(i)
                        + "\" is not a Linux capability name; allowed: " + String.join(", ", new java.util.TreeSet<>(CAPABILITIES)));
            }
        }
        List<String> env = in.strings(node, "$", "env").orElse(List.of());
        for (int i = 0; i < env.size(); i++) {
            if (!env.get(i).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw in.error("$.env[" + i + "]", "\"" + env.get(i) + "\" is not an environment variable name; allowed: letters, digits and _");
            }
        }
        return new Profile(
                name,
                in.string(node, "$", "description").orElse(""),
                in.string(node, "$", "image").orElse(DEFAULT_IMAGE),
                in.string(node, "$", "runtime"),
                in.enumValue(node, "$", "workspace", WorkspaceAccess.class)
                        .orElseThrow(() -> in.error("$.workspace", "missing; allowed: " + ConfigReader.allowedNames(WorkspaceAccess.class))),
                in.enumValue(node, "$", "network", NetworkMode.class)
                        .orElseThrow(() -> in.error("$.network", "missing; allowed: " + ConfigReader.allowedNames(NetworkMode.class))),
                in.strings(node, "$", "domains").orElse(List.of()),
                capabilities,
                limits(in, node),
                env,
                in.strings(node, "$", "maskedPaths").orElse(List.of()),
                in.strings(node, "$", "protectedPaths").orElse(List.of()));
    }

    private Limits limits(ConfigReader in, ObjectNode profile) {
        JsonNode tree = profile.get("limits");
        if (tree == null) {
            return DEFAULT_LIMITS;
        }
        ObjectNode node = in.object(tree, "$.limits");
        in.onlyFields(node, "$.limits", LIMIT_FIELDS);
        Limits d = DEFAULT_LIMITS;
        return new Limits(
                in.number(node, "$.limits", "cpus", 0.01, 1024).orElse(d.cpus()),
                in.size(node, "$.limits", "memory").orElse(d.memoryBytes()),
                in.integer(node, "$.limits", "pids", 8, 1 << 22).orElse(d.pids()),
                in.duration(node, "$.limits", "timeout").orElse(d.timeout()),
                in.size(node, "$.limits", "output").orElse(d.outputBytes()));
    }

    Map<String, Mode> modes(ConfigReader in, JsonNode tree, Map<String, Profile> profiles) {
        ObjectNode root = in.object(tree, "$");
        Map<String, Mode> modes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var entry = it.next();
            String path = ConfigReader.child("$", entry.getKey());
            ObjectNode node = in.object(entry.getValue(), path);
            in.onlyFields(node, path, MODE_FIELDS);
            String base = in.string(node, path, "profile")
                    .orElseThrow(() -> in.error(path + ".profile", "missing; allowed: " + String.join(", ", profiles.keySet())));
            requireProfile(in, path + ".profile", base, profiles);
            List<String> escalateTo = in.strings(node, path, "escalateTo").orElse(List.of());
            for (int i = 0; i < escalateTo.size(); i++) {
                requireProfile(in, path + ".escalateTo[" + i + "]", escalateTo.get(i), profiles);
            }
            modes.put(entry.getKey(), new Mode(entry.getKey(), in.string(node, path, "description").orElse(""), base, escalateTo));
        }
        return modes;
    }

    private static void requireProfile(ConfigReader in, String path, String name, Map<String, Profile> profiles) {
        if (!profiles.containsKey(name)) {
            throw in.error(path, "no profile named \"" + name + "\"; allowed: " + String.join(", ", profiles.keySet()));
        }
    }

    private static String resource(String name) {
        try (InputStream in = CatalogLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new ProfileException(name, "$", "the built-in file is missing from Airlock's jar; rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Long> size(String text) {
        return ConfigReader.parseSize(text);
    }
}
