package dev.airlock.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code airlock init} added for one client, kept in Airlock's state folder ({@code init/CLIENT.json}, outside
 * every workspace): the list {@code airlock init --undo} takes out again. Two kinds: JSON edits (Claude Code's
 * settings) and files holding a marked block (Codex's config.toml, whose block is found again by its markers).
 */
public final class InitRecord {

    private InitRecord() {
    }

    /** The record's file for {@code client} under the state folder. */
    public static Path file(Path state, String client) {
        return state.resolve("init").resolve(client + ".json");
    }

    /** The clients that have a record. */
    public static List<String> clients(Path state) {
        Path dir = state.resolve("init");
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            throw AirlockException.failure("cannot list " + dir + ": " + e.getMessage(), "check its permissions");
        }
    }

    /** Adds what was applied to the client's record. */
    public static void add(Path state, String client, List<JsonEdits.Applied> applied) {
        if (applied.isEmpty()) {
            return;
        }
        List<JsonEdits.Applied> all = new ArrayList<>(read(state, client));
        all.addAll(applied);
        save(file(state, client), all, blocks(state, client));
    }

    /** Records that init wrote its marked block into {@code file}. */
    public static void addBlock(Path state, String client, Path file) {
        List<Path> blocks = new ArrayList<>(blocks(state, client));
        if (!blocks.contains(file)) {
            blocks.add(file);
            save(file(state, client), read(state, client), blocks);
        }
    }

    /** The files init wrote its marked block into, oldest first. */
    public static List<Path> blocks(Path state, String client) {
        List<Path> out = new ArrayList<>();
        JsonEdits.read(file(state, client)).ifPresent(d -> d.path("blocks").forEach(n -> out.add(Path.of(n.asText()))));
        return out;
    }

    /** Forgets one block file (its block was taken out); the record goes when nothing is left in it. */
    public static void forgetBlock(Path state, String client, Path file) {
        List<Path> blocks = new ArrayList<>(blocks(state, client));
        if (!blocks.remove(file)) {
            return;
        }
        List<JsonEdits.Applied> edits = read(state, client);
        if (blocks.isEmpty() && edits.isEmpty()) {
            remove(state, client);
        } else {
            save(file(state, client), edits, blocks);
        }
    }

    /** The client's record, oldest first; empty when there is none. */
    public static List<JsonEdits.Applied> read(Path state, String client) {
        Optional<ObjectNode> doc = JsonEdits.read(file(state, client));
        List<JsonEdits.Applied> out = new ArrayList<>();
        for (JsonNode n : doc.map(d -> d.path("added")).orElse(JsonEdits.JSON.createArrayNode())) {
            List<String> at = new ArrayList<>();
            n.path("at").forEach(p -> at.add(p.asText()));
            Optional<String> key = n.hasNonNull("key") ? Optional.of(n.get("key").asText()) : Optional.empty();
            out.add(new JsonEdits.Applied(new JsonEdits.Edit(Path.of(n.path("file").asText()), at, key, n.path("value")),
                    n.path("createdFile").asBoolean(), n.path("createdDepth").asInt()));
        }
        return out;
    }

    /** Forgets the client's record (after an undo). */
    public static void remove(Path state, String client) {
        try {
            Files.deleteIfExists(file(state, client));
        } catch (IOException e) {
            throw AirlockException.failure("cannot remove " + file(state, client) + ": " + e.getMessage(), "remove it by hand");
        }
    }

    private static void save(Path file, List<JsonEdits.Applied> all, List<Path> blocks) {
        ObjectNode doc = JsonEdits.JSON.createObjectNode();
        ArrayNode added = doc.putArray("added");
        for (JsonEdits.Applied a : all) {
            ObjectNode n = added.addObject();
            n.put("file", a.edit().file().toString());
            ArrayNode at = n.putArray("at");
            a.edit().at().forEach(at::add);
            a.edit().key().ifPresent(k -> n.put("key", k));
            n.set("value", a.edit().value());
            n.put("createdFile", a.createdFile());
            n.put("createdDepth", a.createdDepth());
        }
        ArrayNode files = doc.putArray("blocks");
        blocks.forEach(b -> files.add(b.toString()));
        JsonEdits.write(file, doc);
    }
}
