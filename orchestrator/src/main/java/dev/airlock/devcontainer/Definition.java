package dev.airlock.devcontainer;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airlock.AirlockException;
import dev.airlock.scope.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a workspace says about its own image: {@code .devcontainer/devcontainer.json} (else
 * {@code .devcontainer.json}), JSON with comments, of which Airlock takes {@code image}, or
 * {@code build.dockerfile}, {@code build.context}, {@code build.args} and {@code build.target}; and Airlock's
 * file beside it, {@code airlock.json}, for what devcontainer.json cannot say ({@code enabled},
 * {@code profiles}). Paths are workspace-relative, {@code /}-separated, and may not leave the workspace.
 *
 * @param file     the definition's workspace-relative path
 * @param folder   the folder it sits in ({@code ""} for the workspace root)
 * @param raw      the definition's bytes and Airlock's file's, as read (they are part of the build's inputs)
 */
public record Definition(String file, String folder, Optional<String> image, Optional<Build> build, boolean enabled,
                         Optional<List<String>> profiles, byte[] raw) {

    /** A Dockerfile build: the Dockerfile and the context folder, workspace-relative. */
    public record Build(String dockerfile, String context, Map<String, String> args, Optional<String> target) {
    }

    static final int MAX_BYTES = 256 * 1024;
    /** Keys of devcontainer.json that would weaken the sandbox or need what it does not give: read, and ignored. */
    static final Set<String> IGNORED = Set.of("runArgs", "mounts", "privileged", "capAdd", "securityOpt", "init",
            "containerEnv", "remoteEnv", "remoteUser", "containerUser", "features", "forwardPorts", "appPort",
            "postCreateCommand", "postStartCommand", "postAttachCommand", "onCreateCommand", "updateContentCommand",
            "initializeCommand", "workspaceFolder", "workspaceMount", "customizations", "name", "shutdownAction",
            "overrideCommand", "hostRequirements", "portsAttributes", "otherPortsAttributes", "waitFor",
            "userEnvProbe", "updateRemoteUserUID", "dockerComposeFile", "service", "runServices", "$schema");
    private static final Set<String> AIRLOCK_KEYS = Set.of("enabled", "profiles");
    private static final ObjectMapper JSONC = dev.airlock.json.JsonMappers.JSONC;

    /** The workspace's definition, if it has one. Refused (with file and field) when it is not one Airlock can use. */
    public static Optional<Definition> read(Path root) {
        for (String candidate : List.of(".devcontainer/devcontainer.json", ".devcontainer.json")) {
            Optional<byte[]> bytes = readFile(root, candidate);
            if (bytes.isPresent()) {
                return Optional.of(parse(root, candidate, bytes.get()));
            }
        }
        return Optional.empty();
    }

    /** Whether the profile of that name runs on the workspace's image. */
    public boolean covers(String profile) {
        return enabled && profiles.map(p -> p.contains(profile)).orElse(true);
    }

    static Definition parse(Path root, String file, byte[] bytes) {
        String folder = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : "";
        String airlockFile = (folder.isEmpty() ? ".devcontainer" : folder) + "/airlock.json";
        JsonNode json = tree(file, bytes);
        Optional<byte[]> airlockBytes = readFile(root, airlockFile);
        JsonNode airlock = airlockBytes.map(b -> tree(airlockFile, b)).orElse(JSONC.createObjectNode());
        for (Iterator<String> it = airlock.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!AIRLOCK_KEYS.contains(key)) {
                throw refused(airlockFile, key, "is not a setting Airlock knows (it knows " + String.join(", ", AIRLOCK_KEYS.stream().sorted().toList()) + ")");
            }
        }
        boolean enabled = !airlock.has("enabled") || bool(airlockFile, "enabled", airlock.get("enabled"));
        Optional<List<String>> profiles = airlock.has("profiles") ? Optional.of(strings(airlockFile, "profiles", airlock.get("profiles")))
                : Optional.empty();

        Optional<String> image = json.has("image") ? Optional.of(text(file, "image", json.get("image"))) : Optional.empty();
        Optional<Build> build = Optional.empty();
        JsonNode b = json.has("build") ? json.get("build") : null;
        if (b == null && json.has("dockerFile")) { // the older spelling, at the top
            b = JSONC.createObjectNode().put("dockerfile", text(file, "dockerFile", json.get("dockerFile")))
                    .put("context", json.has("context") ? text(file, "context", json.get("context")) : ".");
        }
        if (b != null) {
            if (!b.isObject()) {
                throw refused(file, "build", "must be an object");
            }
            String dockerfile = b.has("dockerfile") ? text(file, "build.dockerfile", b.get("dockerfile"))
                    : b.has("dockerFile") ? text(file, "build.dockerFile", b.get("dockerFile")) : null;
            if (dockerfile == null) {
                throw refused(file, "build.dockerfile", "is missing");
            }
            String context = b.has("context") ? text(file, "build.context", b.get("context")) : ".";
            Map<String, String> args = new LinkedHashMap<>();
            if (b.has("args")) {
                if (!b.get("args").isObject()) {
                    throw refused(file, "build.args", "must be an object of strings");
                }
                b.get("args").fields().forEachRemaining(e -> args.put(e.getKey(), text(file, "build.args." + e.getKey(), e.getValue())));
            }
            Optional<String> target = b.has("target") ? Optional.of(text(file, "build.target", b.get("target"))) : Optional.empty();
            build = Optional.of(new Build(inside(file, "build.dockerfile", folder, dockerfile),
                    inside(file, "build.context", folder, context), args, target));
        }
        if (image.isPresent() == build.isPresent()) {
            throw refused(file, image.isPresent() ? "image" : "build",
                    image.isPresent() ? "and build are both set; Airlock takes one" : "is missing: Airlock needs \"image\" or \"build.dockerfile\"");
        }
        if (image.isPresent() && !image.get().matches("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}")) {
            throw refused(file, "image", "is not an image reference");
        }
        byte[] raw = airlockBytes.map(a -> concat(bytes, a)).orElse(bytes);
        return new Definition(file, folder, image, build, enabled, profiles, raw);
    }

    /** A path of the definition, made workspace-relative; refused when it leaves the workspace or is absolute. */
    static String inside(String file, String field, String folder, String path) {
        if (path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
            throw refused(file, field, "must be a relative path inside the workspace");
        }
        List<String> parts = new ArrayList<>(folder.isEmpty() ? List.of() : List.of(folder.split("/")));
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw refused(file, field, "leads out of the workspace");
                }
                parts.removeLast();
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static Optional<byte[]> readFile(Path root, String relative) {
        try {
            return WorkspaceFiles.read(root, relative, MAX_BYTES);
        } catch (WorkspaceFiles.Refused e) {
            throw AirlockException.failure(relative + " " + e.getMessage(), "make it a plain file of the workspace, or remove it");
        } catch (IOException e) {
            throw AirlockException.failure("cannot read " + relative + ": " + e.getMessage(), "check the file");
        }
    }

    private static JsonNode tree(String file, byte[] bytes) {
        try {
            JsonNode node = JSONC.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw refused(file, "(top)", "must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw AirlockException.failure(file + " is not valid JSON (comments and trailing commas are fine)",
                    "fix the file; line " + lineOf(e));
        }
    }

    private static String lineOf(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                ? String.valueOf(j.getLocation().getLineNr()) : "?";
    }

    private static String text(String file, String field, JsonNode node) {
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw refused(file, field, "must be a non-empty string");
        }
        return node.asText();
    }

    private static boolean bool(String file, String field, JsonNode node) {
        if (!node.isBoolean()) {
            throw refused(file, field, "must be true or false");
        }
        return node.asBoolean();
    }

    private static List<String> strings(String file, String field, JsonNode node) {
        if (!node.isArray()) {
            throw refused(file, field, "must be a list of profile names");
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(text(file, field + "[]", n)));
        return List.copyOf(out);
    }

    static AirlockException refused(String file, String field, String problem) {
        return AirlockException.failure(file + ": " + field + " " + problem, "fix " + file + " (see the README, \"The project's own image\")");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length + 1);
        System.arraycopy(b, 0, out, a.length + 1, b.length);
        return out;
    }
}
