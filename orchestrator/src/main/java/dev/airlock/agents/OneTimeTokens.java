package dev.airlock.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Random tokens, each standing for one document in Airlock's private state folder, taken at most once and only
 * within their lifetime. A hook hands a client a line that carries such a token; the sandbox, where the agent's
 * commands run, cannot reach the state folder or the server, so a token it learnt is worth nothing to it.
 */
final class OneTimeTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Duration lifetime;

    OneTimeTokens(Path dir, Duration lifetime) {
        this.dir = dir;
        this.lifetime = lifetime;
    }

    /** A fresh token for {@code doc}; tokens nobody took in their lifetime are forgotten meanwhile. */
    String mint(ObjectNode doc, Instant now) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        doc.put("expires", now.plus(lifetime).toString());
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            sweep(now);
            JsonEdits.write(dir.resolve(token + ".json"), doc);
        } catch (IOException e) {
            throw AirlockException.failure("cannot write under " + dir + ": " + e.getMessage(), "check the state folder's permissions");
        }
        return token;
    }

    private void sweep(Instant now) throws IOException {
        try (var files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                var modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
                if (modified.isBefore(now.minus(lifetime))) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** What the token stands for, if it is one, unused and still fresh; taken: a second take finds nothing. */
    Optional<JsonNode> take(String token, Instant now) {
        if (!token.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        Path file = dir.resolve(token + ".json");
        try {
            JsonNode doc = JsonEdits.read(file).orElse(null);
            // taken once: whoever deletes it first holds it
            if (doc == null || !Files.deleteIfExists(file)) {
                return Optional.empty();
            }
            boolean fresh = now.isBefore(Instant.parse(doc.path("expires").asText("1970-01-01T00:00:00Z")));
            return fresh ? Optional.of(doc) : Optional.empty();
        } catch (IOException | AirlockException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
