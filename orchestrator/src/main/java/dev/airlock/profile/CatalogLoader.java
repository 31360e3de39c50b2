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
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the built-in profiles and modes shipped in the jar under {@code profiles/} and validates every
 * field, so a bad file is refused as a whole with its name, the JSON path and what is allowed.
 */
public final class CatalogLoader {

    /** Built-in profile files; a new built-in profile is added here and in {@code profiles/}. */
    static final List<String> BUILT_IN_PROFILES = List.of("read-only", "workspace-write", "network-allowlisted", "full-access");

    static final String DEFAULT_IMAGE = "airlock/sandbox:latest";
    static final Limits DEFAULT_LIMITS = new Limits(2.0, 2L << 30, 512, Duration.ofMinutes(10), 1L << 20);

    private static final Set<String> PROFILE_FIELDS = Set.of("description", "image", "runtime", "workspace",
            "network", "domains", "capabilities", "limits", "env", "maskedPaths", "protectedPaths", "pinnedPaths", "hostToolPaths", "caches");
    private static final Set<String> LIMIT_FIELDS = Set.of("cpus", "memory", "pids", "timeout", "output");
    static final Set<String> MODE_FIELDS = Set.of("description", "profile", "escalateTo", "ask", "autoReview");
    private static final Set<String> RULE_FIELDS = Set.of("id", "action", "prefix", "tier", "domains", "modes", "message");
    private static final Set<String> CAPABILITIES = Set.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE",
            "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE",
            "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID",
            "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT",
            "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM");

    private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * Where the layers above the built-ins live: the user's config folder ({@code ~/.config/airlock}) and the
     * workspace's {@code .airlock} folder. Each may hold {@code profiles/NAME.json} and {@code modes.json}.
     */
    public record Sources(Optional<Path> userDir, Optional<Path> workspaceDir) {

        public static Sources builtInOnly() {
            return new Sources(Optional.empty(), Optional.empty());
        }

        /** {@code $XDG_CONFIG_HOME/airlock} or {@code ~/.config/airlock}, and {@code <workspace>/.airlock}. */
        public static Sources of(Map<String, String> env, Optional<Path> workspace) {
            String xdg = env.get("XDG_CONFIG_HOME");
            Path user = xdg != null && !xdg.isBlank() ? Path.of(xdg, "airlock")
                    : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config", "airlock");
            return new Sources(Optional.of(user), workspace.map(w -> w.resolve(".airlock")));
        }
    }

    /** The built-in catalog, from the jar's {@code profiles/} resources. */
    public Catalog builtIn() {
        return load(Sources.builtInOnly());
    }

    /**
     * Built-ins, then the user's layer (may add and change anything), then the workspace's layer (may only
     * narrow: a sandbox may have written it). Any bad file is refused as a whole, naming it.
     */
    public Catalog load(Sources sources) {
        Layers layers = new Layers();
        for (String name : BUILT_IN_PROFILES) {
            String source = "built-in profiles/" + name + ".json";
            layers.addProfile(name, source, checkedPartial(name, source, parse(source, resource("profiles/" + name + ".json"))), true);
        }
        String builtInModes = "built-in profiles/modes.json";
        layers.addModes(builtInModes, checkedModes(builtInModes, parse(builtInModes, resource("profiles/modes.json"))), true);

        String builtInRules = "built-in profiles/rules.json";
        layers.addRules(rules(builtInRules, parse(builtInRules, resource("profiles/rules.json"))), true);

        sources.userDir().ifPresent(dir -> addLayer(layers, dir, true));
        Catalog userCatalog = build(layers);
        if (sources.workspaceDir().isEmpty() || !Files.isDirectory(sources.workspaceDir().get())) {
            return userCatalog;
        }
        addLayer(layers, sources.workspaceDir().get(), false);
        Catalog narrowed = build(layers);
        checkNarrowing(userCatalog, narrowed, layers);
        return narrowed;
    }

    private void addLayer(Layers layers, Path dir, boolean mayAdd) {
        Path profilesDir = dir.resolve("profiles");
        if (Files.isDirectory(profilesDir)) {
            try (var files = Files.list(profilesDir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                    String source = file.toString();
                    if (!mayAdd && !layers.hasProfile(name)) {
                        throw new ProfileException(source, "$", "a workspace may not add profiles (only narrow existing ones); "
                                + "existing: " + String.join(", ", layers.profileNames()));
                    }
                    layers.addProfile(name, source, checkedPartial(name, source, parse(source, read(file))), mayAdd);
                }
            } catch (IOException e) {
                throw new ProfileException(profilesDir.toString(), "$", "cannot list the folder: " + e.getMessage());
            }
        }
        Path rules = dir.resolve("rules.json");
        if (Files.isRegularFile(rules)) {
            String source = rules.toString();
            List<Rule> loaded = rules(source, parse(source, read(rules)));
            if (!mayAdd) {
                for (int i = 0; i < loaded.size(); i++) {
                    Rule rule = loaded.get(i);
                    if (rule.action() == RuleAction.ALLOW) {
                        throw new ProfileException(source, "$.rules[" + i + "].action",
                                "a workspace may only add ask and deny rules (it may narrow, never widen)");
                    }
                    if (layers.hasRule(rule.id())) {
                        throw new ProfileException(source, "$.rules[" + i + "].id",
                                "a workspace may not replace the rule \"" + rule.id() + "\"; give its rule another id");
                    }
                }
            }
            layers.addRules(loaded, mayAdd);
        }
        Path modes = dir.resolve("modes.json");
        if (Files.isRegularFile(modes)) {
            String source = modes.toString();
            ObjectNode tree = checkedModes(source, parse(source, read(modes)));
            if (!mayAdd) {
                for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
                    String mode = it.next();
                    if (!layers.hasMode(mode)) {
                        throw new ProfileException(source, ConfigReader.child("$", mode), "a workspace may not add modes; existing: "
                                + String.join(", ", layers.modeNames()));
                    }
                }
            }
            layers.addModes(source, tree, mayAdd);
        }
    }

    private Catalog build(Layers layers) {
        Map<String, Profile> profiles = new LinkedHashMap<>();
        layers.profileTrees().forEach((name, tree) ->
                profiles.put(name, profile(name, new ConfigReader(layers.introducedBy(name)), tree)));
        Map<String, Mode> modes = new LinkedHashMap<>();
        layers.modeTrees().forEach((name, tree) -> modes.put(name, mode(name, layers, tree, profiles)));
        return new Catalog(new java.util.TreeMap<>(profiles), new java.util.TreeMap<>(modes), layers.rules(), layers.origins());
    }

    private static void checkNarrowing(Catalog before, Catalog after, Layers layers) {
        for (Profile was : before.profiles().values()) {
            for (Narrowing.Violation v : Narrowing.profile(was, after.profile(was.name()))) {
                throw new ProfileException(layers.lastSource(layers.profileOrigins(was.name()), v.field()), "$." + v.field(),
                        "a workspace may only narrow the profile \"" + was.name() + "\": " + v.problem());
            }
        }
        for (Mode was : before.modes().values()) {
            for (Narrowing.Violation v : Narrowing.mode(was, after.mode(was.name()), after)) {
                throw new ProfileException(layers.lastSource(layers.modeOrigins(was.name()), v.field()),
                        ConfigReader.child("$", was.name()) + "." + v.field(),
                        "a workspace may only narrow the mode \"" + was.name() + "\": " + v.problem());
            }
        }
    }

    /** Reads a rules file: {@code {"rules": [{"id", "action", "prefix", "tier", "domains", "modes", "message"}]}}. */
    List<Rule> rules(String source, JsonNode tree) {
        ConfigReader in = new ConfigReader(source);
        ObjectNode root = in.object(tree, "$");
        in.onlyFields(root, "$", Set.of("rules"));
        JsonNode list = root.get("rules");
        if (list == null) {
            return List.of();
        }
        if (!list.isArray()) {
            throw in.error("$.rules", "expected a list of rules");
        }
        List<Rule> out = new java.util.ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "$.rules[" + i + "]";
            ObjectNode node = in.object(list.get(i), path);
            in.onlyFields(node, path, RULE_FIELDS);
            String id = in.string(node, path, "id").orElseThrow(() -> in.error(path + ".id", "missing; every rule needs an id people can read"));
            if (!ids.add(id)) {
                throw in.error(path + ".id", "\"" + id + "\" is used twice in this file");
            }
            RuleAction action = in.enumValue(node, path, "action", RuleAction.class)
                    .orElseThrow(() -> in.error(path + ".action", "missing; allowed: " + ConfigReader.allowedNames(RuleAction.class)));
            List<String> prefix = prefix(in, node, path);
            var tier = in.string(node, path, "tier").map(t -> {
                try {
                    return dev.airlock.assess.Tier.valueOf(t);
                } catch (IllegalArgumentException e) {
                    throw in.error(path + ".tier", "\"" + t + "\" is not allowed; allowed: READ, WRITE, EXECUTE, NETWORK, DESTRUCTIVE");
                }
            });
            List<String> domains = in.strings(node, path, "domains").orElse(List.of());
            if (prefix.isEmpty() && tier.isEmpty() && domains.isEmpty()) {
                throw in.error(path, "matches every command; give it a prefix, a tier or domains");
            }
            out.add(new Rule(id, action, prefix, tier, domains, in.strings(node, path, "modes").orElse(List.of()),
                    in.string(node, path, "message").orElse(""), source));
        }
        return out;
    }

    /** A prefix is a list of words, or one string split on spaces. */
    private static List<String> prefix(ConfigReader in, ObjectNode node, String path) {
        JsonNode value = node.get("prefix");
        if (value != null && value.isTextual()) {
            return List.of(value.asText().trim().split("\\s+"));
        }
        return in.strings(node, path, "prefix").orElse(List.of());
    }

    /** Checks a layer's file on its own, so an error names the file that holds the bad value. */
    private ObjectNode checkedPartial(String name, String source, JsonNode tree) {
        ConfigReader in = new ConfigReader(source);
        ObjectNode node = in.object(tree, "$");
        ObjectNode filled = node.deepCopy();
        if (!filled.has("workspace")) {
            filled.put("workspace", "read-only");
        }
        if (!filled.has("network")) {
            filled.put("network", "none");
        }
        profile(name, in, filled);
        return node;
    }

    private static ObjectNode checkedModes(String source, JsonNode tree) {
        ConfigReader in = new ConfigReader(source);
        ObjectNode root = in.object(tree, "$");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var entry = it.next();
            String path = ConfigReader.child("$", entry.getKey());
            ObjectNode node = in.object(entry.getValue(), path);
            in.onlyFields(node, path, MODE_FIELDS);
            in.string(node, path, "description");
            in.string(node, path, "profile");
            in.strings(node, path, "escalateTo");
            List<String> asks = in.strings(node, path, "ask").orElse(List.of());
            for (int i = 0; i < asks.size(); i++) {
                enumNamed(in, path + ".ask[" + i + "]", asks.get(i), Ask.class);
            }
            in.bool(node, path, "autoReview");
        }
        return root;
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
                in.strings(node, "$", "protectedPaths").orElse(List.of()),
                workspacePaths(in, node, "pinnedPaths"),
                workspacePaths(in, node, "hostToolPaths"),
                caches(in, node));
    }

    /** Paths of the workspace, as patterns: never empty, never leading out of it with {@code ..}. */
    private static List<String> workspacePaths(ConfigReader in, ObjectNode node, String field) {
        List<String> paths = in.strings(node, "$", field).orElse(List.of());
        for (int i = 0; i < paths.size(); i++) {
            String p = paths.get(i);
            String body = p.startsWith("/") ? p.substring(1) : p;
            if (body.isBlank() || body.equals("/") || java.util.Arrays.asList(body.split("/")).contains("..") || p.indexOf('\0') >= 0) {
                throw in.error("$." + field + "[" + i + "]", "\"" + p + "\" is not allowed; allowed: a path inside the workspace such as "
                        + "\".git\" or \".vscode/\" (a leading / anchors it at the workspace's top), without ..");
            }
        }
        return paths;
    }

    /** Cache folders must be whole folders of the sandbox's home: nowhere near the workspace or the system. */
    private static List<String> caches(ConfigReader in, ObjectNode node) {
        List<String> caches = in.strings(node, "$", "caches").orElse(List.of());
        for (int i = 0; i < caches.size(); i++) {
            String c = caches.get(i);
            if (!c.matches("/home/airlock/[A-Za-z0-9._-]+") || c.endsWith("/.") || c.endsWith("/..")) {
                throw in.error("$.caches[" + i + "]", "\"" + c + "\" is not allowed; allowed: a folder directly in the sandbox's "
                        + "home, such as /home/airlock/.npm or /home/airlock/.cache");
            }
        }
        return caches;
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

    private static Mode mode(String name, Layers layers, ObjectNode node, Map<String, Profile> profiles) {
        Map<String, List<String>> origins = layers.modeOrigins(name);
        String path = ConfigReader.child("$", name);
        ConfigReader in = new ConfigReader(layers.lastSource(origins, "profile"));
        String base = in.string(node, path, "profile")
                .orElseThrow(() -> in.error(path + ".profile", "missing; allowed: " + String.join(", ", profiles.keySet())));
        requireProfile(in, path + ".profile", base, profiles);
        ConfigReader esc = new ConfigReader(layers.lastSource(origins, "escalateTo"));
        List<String> escalateTo = esc.strings(node, path, "escalateTo").orElse(List.of());
        for (int i = 0; i < escalateTo.size(); i++) {
            requireProfile(esc, path + ".escalateTo[" + i + "]", escalateTo.get(i), profiles);
        }
        ConfigReader asks = new ConfigReader(layers.lastSource(origins, "ask"));
        List<Ask> ask = new java.util.ArrayList<>();
        List<String> askNames = asks.strings(node, path, "ask").orElse(List.of());
        for (int i = 0; i < askNames.size(); i++) {
            ask.add(enumNamed(asks, path + ".ask[" + i + "]", askNames.get(i), Ask.class));
        }
        boolean autoReview = new ConfigReader(layers.lastSource(origins, "autoReview")).bool(node, path, "autoReview").orElse(false);
        return new Mode(name, in.string(node, path, "description").orElse(""), base, escalateTo, ask, autoReview);
    }

    static <E extends Enum<E>> E enumNamed(ConfigReader in, String path, String text, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (ConfigReader.jsonName(constant).equals(text)) {
                return constant;
            }
        }
        throw in.error(path, "\"" + text + "\" is not allowed; allowed: " + ConfigReader.allowedNames(type));
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

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException(file.toString(), "$", "cannot read the file: " + e.getMessage());
        }
    }
}
