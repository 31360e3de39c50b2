package dev.airlock.profile;

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
import dev.airlock.scope.WorkspaceFiles;

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
            "network", "domains", "capabilities", "limits", "env", "maskedPaths", "protectedPaths", "pinnedPaths", "hostToolPaths",
            "caches", "privateRanges");
    private static final Set<String> LIMIT_FIELDS = Set.of("cpus", "memory", "pids", "timeout", "output");
    static final Set<String> MODE_FIELDS = Set.of("description", "profile", "escalateTo", "ask", "autoReview");
    private static final Set<String> RULE_FIELDS = Set.of("id", "action", "prefix", "tier", "domains", "effects", "deletes",
            "modes", "message", "examples");
    private static final Set<String> CAPABILITIES = Set.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE",
            "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE",
            "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID",
            "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT",
            "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM");

    private final ObjectMapper json = dev.airlock.json.JsonMappers.CONFIG;

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
        return load(sources, note -> { });
    }

    /**
     * The same, saying through {@code notes} which files of a layer's folder are not read (a profile put in
     * {@code .airlock/NAME.json} instead of {@code .airlock/profiles/NAME.json}, say): nothing is ignored silently.
     */
    public Catalog load(Sources sources, java.util.function.Consumer<String> notes) {
        this.notes = notes;
        Layers layers = new Layers();
        for (String name : BUILT_IN_PROFILES) {
            String source = "built-in profiles/" + name + ".json";
            layers.addProfile(name, source, checkedPartial(name, source, parse(source, resource("profiles/" + name + ".json"))), true);
        }
        String builtInModes = "built-in profiles/modes.json";
        layers.addModes(builtInModes, checkedModes(builtInModes, parse(builtInModes, resource("profiles/modes.json"))), true);

        String builtInRules = "built-in profiles/rules.json";
        layers.addRules(rules(builtInRules, parse(builtInRules, resource("profiles/rules.json"))), true);

        sources.userDir().ifPresent(dir -> addLayer(layers, new UserFiles(dir), true));
        Catalog userCatalog = build(layers);
        if (sources.workspaceDir().isEmpty()) {
            return userCatalog;
        }
        Path dir = sources.workspaceDir().get();
        LayerFiles workspace = new WorkspaceLayerFiles(dir.getParent(), dir.getFileName().toString());
        if (!workspace.isFolder("")) {
            return userCatalog;
        }
        addLayer(layers, workspace, false);
        Catalog narrowed = build(layers);
        checkNarrowing(userCatalog, narrowed, layers);
        return narrowed;
    }

    /**
     * A layer's folder. The user's is read as any of the user's files; the workspace's as the sandbox may have
     * left it: through no link, regular files with one link only ({@link WorkspaceFiles}).
     */
    private interface LayerFiles {
        String source(String relative);

        boolean isFolder(String relative);

        List<String> list(String relative);

        /** The file's text, or empty when there is none. */
        Optional<String> read(String relative);
    }

    /** The most a layer's file may hold: far more than any real profile, far less than a memory problem. */
    static final int MAX_FILE = 1 << 20;

    private record UserFiles(Path dir) implements LayerFiles {
        @Override
        public String source(String relative) {
            return dir.resolve(relative).toString();
        }

        @Override
        public boolean isFolder(String relative) {
            return Files.isDirectory(dir.resolve(relative));
        }

        @Override
        public List<String> list(String relative) {
            try (var files = Files.list(dir.resolve(relative))) {
                return files.map(f -> f.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                throw new ProfileException(source(relative), "$", "cannot list the folder (" + e.getClass().getSimpleName() + ")");
            }
        }

        @Override
        public Optional<String> read(String relative) {
            Path file = dir.resolve(relative);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                if (Files.size(file) > MAX_FILE) {
                    throw new ProfileException(file.toString(), "$", "the file is larger than " + MAX_FILE + " bytes");
                }
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ProfileException(file.toString(), "$", "cannot read the file (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    private record WorkspaceLayerFiles(Path root, String folder) implements LayerFiles {
        @Override
        public String source(String relative) {
            return root.resolve(folder).resolve(relative).toString();
        }

        private String rel(String relative) {
            return relative.isEmpty() ? folder : folder + "/" + relative;
        }

        @Override
        public boolean isFolder(String relative) {
            try {
                return WorkspaceFiles.isFolder(root, rel(relative));
            } catch (IOException e) {
                throw refused(relative, e);
            }
        }

        @Override
        public List<String> list(String relative) {
            try {
                return WorkspaceFiles.list(root, rel(relative));
            } catch (IOException e) {
                throw refused(relative, e);
            }
        }

        @Override
        public Optional<String> read(String relative) {
            try {
                return WorkspaceFiles.read(root, rel(relative), MAX_FILE).map(b -> new String(b, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw refused(relative, e);
            }
        }

        private ProfileException refused(String relative, IOException e) {
            String problem = e instanceof WorkspaceFiles.Refused r
                    ? (r.relative().equals(rel(relative)) ? "" : r.relative() + ": ") + r.getMessage()
                    : "cannot be read (" + e.getClass().getSimpleName() + ")";
            return new ProfileException(source(relative), "$", "refused: " + problem
                    + " (a workspace's .airlock/ holds plain folders and regular files only)");
        }
    }

    private java.util.function.Consumer<String> notes = note -> { };

    /** What a layer's folder may hold; anything else is said, not read. */
    private static final Set<String> LAYER_ENTRIES = Set.of("profiles", "modes.json", "rules.json");

    private void noteUnread(LayerFiles dir) {
        if (!dir.isFolder("")) {
            return;
        }
        for (String name : dir.list("")) {
            if (LAYER_ENTRIES.contains(name)) {
                continue;
            }
            notes.accept(dir.source(name) + " is not read: " + (name.endsWith(".json") && !name.equals(".json")
                    ? "a profile goes in " + dir.source("profiles/" + name) + "; "
                    : "") + "Airlock reads only profiles/NAME.json, modes.json and rules.json in " + dir.source(""));
        }
        if (dir.isFolder("profiles")) {
            for (String name : dir.list("profiles")) {
                if (!name.endsWith(".json")) {
                    notes.accept(dir.source("profiles/" + name) + " is not read: a profile's file is named NAME.json");
                }
            }
        }
    }

    private void addLayer(Layers layers, LayerFiles dir, boolean mayAdd) {
        noteUnread(dir);
        if (dir.isFolder("profiles")) {
            for (String fileName : dir.list("profiles")) {
                if (!fileName.endsWith(".json")) {
                    continue;
                }
                String relative = "profiles/" + fileName;
                String name = fileName.replaceFirst("\\.json$", "");
                String source = dir.source(relative);
                if (!mayAdd && !layers.hasProfile(name)) {
                    throw new ProfileException(source, "$", "a workspace may not add profiles (only narrow existing ones); "
                            + "existing: " + String.join(", ", layers.profileNames()));
                }
                Optional<String> text = dir.read(relative);
                if (text.isPresent()) {
                    layers.addProfile(name, source, checkedPartial(name, source, parse(source, text.get(), PROFILE_FIELDS)), mayAdd);
                }
            }
        }
        Optional<String> rulesText = dir.read("rules.json");
        if (rulesText.isPresent()) {
            String source = dir.source("rules.json");
            List<Rule> loaded = rules(source, parse(source, rulesText.get(), Set.of("rules")));
            if (!mayAdd) {
                for (int i = 0; i < loaded.size(); i++) {
                    Rule rule = loaded.get(i);
                    if (rule.action() == RuleAction.ALLOW) {
                        throw new ProfileException(source, "$.rules[" + i + "].action",
                                "a workspace may only add ask and deny rules (it may narrow, never widen)");
                    }
                    if (layers.hasRule(rule.id())) {
                        throw new ProfileException(source, "$.rules[" + i + "].id",
                                "a workspace may not replace a rule of a lower layer; give its rule another id");
                    }
                }
            }
            layers.addRules(loaded, mayAdd);
        }
        Optional<String> modesText = dir.read("modes.json");
        if (modesText.isPresent()) {
            String source = dir.source("modes.json");
            ObjectNode tree = checkedModes(source, parse(source, modesText.get(), Set.of("MODE-NAME")));
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

    /**
     * Reads a rules file: {@code {"rules": [{"id", "action", "prefix", "tier", "domains", "effects", "deletes",
     * "modes", "message", "examples"}]}}.
     */
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
                throw in.error(path + ".id", "an id used twice in this file");
            }
            RuleAction action = in.enumValue(node, path, "action", RuleAction.class)
                    .orElseThrow(() -> in.error(path + ".action", "missing; allowed: " + ConfigReader.allowedNames(RuleAction.class)));
            List<String> prefix = prefix(in, node, path);
            var tier = in.string(node, path, "tier").map(t -> {
                try {
                    return dev.airlock.assess.Tier.valueOf(t);
                } catch (IllegalArgumentException e) {
                    throw in.error(path + ".tier", "not allowed; allowed: READ, WRITE, EXECUTE, NETWORK, DESTRUCTIVE");
                }
            });
            List<String> domains = in.strings(node, path, "domains").orElse(List.of());
            List<String> effects = in.strings(node, path, "effects").orElse(List.of());
            for (int e = 0; e < effects.size(); e++) {
                if (!effects.get(e).matches("[a-z][a-z-]{1,40}")) {
                    throw in.error(path + ".effects[" + e + "]", "is not an effect's name; write one the assessment "
                            + "names, in lower case with dashes, e.g. rewrites-history, deletes, reads-secret");
                }
            }
            List<String> deletes = in.strings(node, path, "deletes").orElse(List.of());
            for (int d = 0; d < deletes.size(); d++) {
                String p = deletes.get(d);
                if (!p.startsWith("/") || p.contains("//") || p.matches(".*/\\.\\.?(/.*)?") || (p.length() > 1 && p.endsWith("/"))) {
                    throw in.error(path + ".deletes[" + d + "]", "is not a plain absolute path in the sandbox; write e.g. "
                            + "/ or /workspace (no trailing slash, no . or .. parts)");
                }
            }
            if (prefix.isEmpty() && tier.isEmpty() && domains.isEmpty() && effects.isEmpty() && deletes.isEmpty()) {
                throw in.error(path, "matches every command; give it a prefix, a tier, domains, effects or deletes");
            }
            out.add(new Rule(id, action, prefix, tier, domains, effects, deletes,
                    in.strings(node, path, "modes").orElse(List.of()), in.string(node, path, "message").orElse(""),
                    examples(in, node, path), source));
        }
        return out;
    }

    /** {@code "examples": {"match": [...], "noMatch": [...]}}: command lines, checked against the rule at load. */
    private static Rule.Examples examples(ConfigReader in, ObjectNode node, String path) {
        JsonNode value = node.get("examples");
        if (value == null) {
            return Rule.Examples.NONE;
        }
        ObjectNode examples = in.object(value, path + ".examples");
        in.onlyFields(examples, path + ".examples", Set.of("match", "noMatch"));
        return new Rule.Examples(in.strings(examples, path + ".examples", "match").orElse(List.of()),
                in.strings(examples, path + ".examples", "noMatch").orElse(List.of()));
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
        return parse(source, text, PROFILE_FIELDS);
    }

    /**
     * The file's JSON tree. A syntax error says where (line and column) and what is allowed, never what was
     * found: Jackson's own message quotes the offending token, which may be anything the file holds.
     */
    JsonNode parse(String source, String text, Set<String> fields) {
        String allowed = fields.equals(Set.of("MODE-NAME"))
                ? "a JSON object of modes, each {" + String.join(", ", new java.util.TreeSet<>(MODE_FIELDS)) + "}"
                : "a JSON object with the fields " + String.join(", ", new java.util.TreeSet<>(fields));
        try {
            JsonNode node = json.readTree(text);
            if (node == null) {
                throw new ProfileException(source, "$", "the file is empty; expected " + allowed);
            }
            return node;
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String what = e instanceof com.fasterxml.jackson.core.io.JsonEOFException ? "the file ends inside a value"
                    : e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field") ? "a field appears twice"
                    : "not valid JSON";
            throw new ProfileException(source, "$", what
                    + (where == null || where.getLineNr() < 1 ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
                    + "; expected " + allowed);
        }
    }

    Profile profile(String name, ConfigReader in, JsonNode tree) {
        ObjectNode node = in.object(tree, "$");
        in.onlyFields(node, "$", PROFILE_FIELDS);
        List<String> capabilities = in.strings(node, "$", "capabilities").orElse(List.of());
        for (int i = 0; i < capabilities.size(); i++) {
            if (!CAPABILITIES.contains(capabilities.get(i))) {
                throw in.error("$.capabilities[" + i + "]", "not a Linux capability name; allowed: " + String.join(", ", new java.util.TreeSet<>(CAPABILITIES)));
            }
        }
        List<String> env = in.strings(node, "$", "env").orElse(List.of());
        for (int i = 0; i < env.size(); i++) {
            if (!env.get(i).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw in.error("$.env[" + i + "]", "not an environment variable name; allowed: letters, digits and _");
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
                caches(in, node),
                privateRanges(in, node));
    }

    /** IPv4 ranges in CIDR form, with no bits set past the prefix (so what is written is what is opened). */
    private static List<String> privateRanges(ConfigReader in, ObjectNode node) {
        List<String> ranges = in.strings(node, "$", "privateRanges").orElse(List.of());
        for (int i = 0; i < ranges.size(); i++) {
            String range = ranges.get(i);
            String path = "$.privateRanges[" + i + "]";
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})").matcher(range);
            long address = 0;
            boolean valid = m.matches();
            for (int g = 1; valid && g <= 4; g++) {
                int octet = Integer.parseInt(m.group(g));
                valid = octet <= 255 && (m.group(g).length() == 1 || m.group(g).charAt(0) != '0');
                address = address << 8 | octet;
            }
            int prefix = valid ? Integer.parseInt(m.group(5)) : -1;
            if (!valid || prefix > 32) {
                throw in.error(path, "not allowed; allowed: an IPv4 range in CIDR form, such as 10.1.2.0/24 "
                        + "or 192.168.1.5/32 (the sandbox has no IPv6)");
            }
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            if ((address & ~mask & 0xffffffffL) != 0) {
                // the message says how to fix it without repeating what the file holds
                throw in.error(path, "has bits set past its prefix; write the range's first address before the /");
            }
        }
        return ranges;
    }

    /** Paths of the workspace, as patterns: never empty, never leading out of it with {@code ..}. */
    private static List<String> workspacePaths(ConfigReader in, ObjectNode node, String field) {
        List<String> paths = in.strings(node, "$", field).orElse(List.of());
        for (int i = 0; i < paths.size(); i++) {
            String p = paths.get(i);
            String body = p.startsWith("/") ? p.substring(1) : p;
            if (body.isBlank() || body.equals("/") || java.util.Arrays.asList(body.split("/")).contains("..") || p.indexOf('\0') >= 0) {
                throw in.error("$." + field + "[" + i + "]", "not allowed; allowed: a path inside the workspace such as "
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
                throw in.error("$.caches[" + i + "]", "not allowed; allowed: a folder directly in the sandbox's "
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
        throw in.error(path, "not allowed; allowed: " + ConfigReader.allowedNames(type));
    }

    private static void requireProfile(ConfigReader in, String path, String name, Map<String, Profile> profiles) {
        if (!profiles.containsKey(name)) {
            throw in.error(path, "no such profile; allowed: " + String.join(", ", profiles.keySet()));
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
}
