package dev.airlock.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Additions to a client's JSON configuration files, each applied only where it is not there yet and recorded as
 * applied, so {@code airlock init --undo} takes out exactly what was added and nothing a person wrote around it.
 * Files are read and replaced without following a link (a replaced file is renamed over, never written through).
 */
public final class JsonEdits {

    static final ObjectMapper JSON = dev.airlock.json.JsonMappers.EDITS;

    private JsonEdits() {
    }

    /** One addition: {@code value} appended to the array at {@code at}, or put under {@code key} of the object at {@code at}. */
    public record Edit(Path file, List<String> at, Optional<String> key, JsonNode value) {
        public Edit {
            at = List.copyOf(at);
        }

        static Edit append(Path file, List<String> at, JsonNode value) {
            return new Edit(file, at, Optional.empty(), value);
        }

        static Edit put(Path file, List<String> at, String key, JsonNode value) {
            return new Edit(file, at, Optional.of(key), value);
        }

        /** {@code hooks.PreToolUse[]} or {@code mcpServers.airlock}, for people. */
        public String where() {
            String path = String.join(".", at);
            return key.map(k -> (path.isEmpty() ? "" : path + ".") + k).orElse(path + "[]");
        }
    }

    /** An edit as applied: whether it created the file, and which containers on its path it created. */
    public record Applied(Edit edit, boolean createdFile, int createdDepth) {
    }

    /** What {@code edits} would add, one block per edit, for {@code --dry-run}. */
    public static String preview(List<Edit> edits) {
        var out = new StringBuilder();
        for (Edit e : edits) {
            out.append(Files.exists(e.file(), LinkOption.NOFOLLOW_LINKS) ? "add to " : "create ").append(e.file())
                    .append(" at ").append(e.where()).append(":\n");
            try {
                for (String line : JSON.writeValueAsString(e.value()).split("\n")) {
                    out.append("    ").append(line).append('\n');
                }
            } catch (IOException x) {
                throw new IllegalStateException(x);
            }
        }
        return out.toString();
    }

    /** Applies each edit not already in place; returns those it applied. */
    public static List<Applied> apply(List<Edit> edits) {
        List<Applied> done = new ArrayList<>();
        for (Edit e : edits) {
            boolean existed = Files.exists(e.file(), LinkOption.NOFOLLOW_LINKS);
            ObjectNode root = read(e.file()).orElseGet(JSON::createObjectNode);
            int created = 0;
            JsonNode node = root;
            for (int i = 0; i < e.at().size(); i++) {
                String name = e.at().get(i);
                boolean last = i == e.at().size() - 1;
                if (!(node instanceof ObjectNode object)) {
                    throw notObject(e, i);
                }
                JsonNode next = object.get(name);
                if (next == null) {
                    next = last && e.key().isEmpty() ? object.putArray(name) : object.putObject(name);
                    created = created == 0 ? e.at().size() - i : created;
                }
                node = next;
            }
            boolean changed;
            if (e.key().isPresent()) {
                if (!(node instanceof ObjectNode object)) {
                    throw notObject(e, e.at().size());
                }
                changed = !object.has(e.key().get());
                if (changed) {
                    object.set(e.key().get(), e.value());
                }
            } else {
                if (!(node instanceof ArrayNode array)) {
                    throw new AirlockException(AirlockException.Kind.USAGE, e.file() + ": " + e.where() + " is not a list",
                            "fix the file by hand, then run airlock init again");
                }
                changed = !contains(array, e.value());
                if (changed) {
                    array.add(e.value());
                }
            }
            if (changed) {
                write(e.file(), root);
                done.add(new Applied(e, !existed, created));
            }
        }
        return done;
    }

    /** Takes out what {@link #apply} added, newest first; returns one line per file touched, saying what it did. */
    public static List<String> undo(List<Applied> applied) {
        List<String> said = new ArrayList<>();
        for (Applied a : applied.reversed()) {
            Edit e = a.edit();
            Optional<ObjectNode> read = read(e.file());
            if (read.isEmpty()) {
                said.add(e.file() + ": gone already");
                continue;
            }
            ObjectNode root = read.get();
            List<JsonNode> chain = new ArrayList<>();
            JsonNode node = root;
            for (String name : e.at()) {
                chain.add(node);
                node = node.path(name);
            }
            boolean removed = false;
            if (e.key().isPresent() && node instanceof ObjectNode object && e.value().equals(object.get(e.key().get()))) {
                object.remove(e.key().get());
                removed = true;
            } else if (e.key().isEmpty() && node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i).equals(e.value())) {
                        array.remove(i);
                        removed = true;
                        break;
                    }
                }
            }
            if (!removed) {
                said.add(e.file() + ": " + e.where() + " no longer holds what airlock init added; left as it is");
                continue;
            }
            // containers init made are taken out again once empty, innermost first
            for (int depth = 0; depth < a.createdDepth(); depth++) {
                int index = e.at().size() - 1 - depth;
                JsonNode holder = chain.get(index);
                JsonNode child = holder.get(e.at().get(index));
                if (holder instanceof ObjectNode object && child != null && child.isEmpty()) {
                    object.remove(e.at().get(index));
                } else {
                    break;
                }
            }
            if (a.createdFile() && root.isEmpty()) {
                try {
                    Files.delete(e.file());
                } catch (IOException x) {
                    throw new AirlockException(AirlockException.Kind.FAILURE, "cannot remove " + e.file() + ": " + x.getMessage(), "remove it by hand");
                }
                said.add(e.file() + ": removed (airlock init had created it)");
            } else {
                write(e.file(), root);
                said.add(e.file() + ": removed " + e.where() + " entry");
            }
        }
        return said;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode n : array) {
            if (n.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static AirlockException notObject(Edit e, int depth) {
        return new AirlockException(AirlockException.Kind.USAGE, e.file() + ": " + String.join(".", e.at().subList(0, depth))
                + " is not an object", "fix the file by hand, then run airlock init again");
    }

    /** The file's JSON object, or empty when there is no file; a link or a non-object is refused. */
    static Optional<ObjectNode> read(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new AirlockException(AirlockException.Kind.USAGE, file + " is not a regular file (a link?)",
                    "replace it with a plain file, then run airlock init again");
        }
        try {
            String text = Files.readString(file);
            JsonNode doc = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            if (!(doc instanceof ObjectNode object)) {
                throw new AirlockException(AirlockException.Kind.USAGE, file + " does not hold a JSON object",
                        "fix the file by hand, then run airlock init again");
            }
            return Optional.of(object);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AirlockException(AirlockException.Kind.USAGE, file + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ")", "fix the file by hand, then run airlock init again");
        } catch (IOException e) {
            throw new AirlockException(AirlockException.Kind.FAILURE, "cannot read " + file + ": " + e.getMessage(), "check its permissions");
        }
    }

    /** Replaces the file by a rename from a fresh file beside it, keeping the old file's permissions (0600 when new). */
    static void write(Path file, ObjectNode doc) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".airlock");
            try {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
                }
                Files.writeString(temp, JSON.writeValueAsString(doc) + "\n", StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new AirlockException(AirlockException.Kind.FAILURE, "cannot write " + file + ": " + e.getMessage(), "check its permissions");
        }
    }
}
