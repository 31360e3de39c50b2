package dev.airlock.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Sessions on disk, under {@code <state>/sessions/<id>/}: {@code session.json}, {@code audit.jsonl},
 * {@code grants.json}, {@code checkpoints.git}. Never inside a workspace, which a sandbox may write.
 */
public final class SessionStore {

    private static final ObjectMapper JSON = dev.airlock.json.JsonMappers.TREES;

    private final Path root;

    public SessionStore(StateDir state) {
        this.root = state.root().resolve("sessions");
    }

    public Path dir(SessionId id) {
        return root.resolve(id.value());
    }

    public SessionInfo create(Workspace workspace, String mode) {
        SessionInfo info = new SessionInfo(SessionId.random(), workspace.root(), mode, Instant.now(), Optional.empty());
        save(info);
        return info;
    }

    public void save(SessionInfo info) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", info.id().value());
        node.put("workspace", info.workspace().toString());
        node.put("mode", info.mode());
        node.put("created", info.created().toString());
        info.branch().ifPresent(b -> node.put("branch", b));
        Path dir = dir(info.id());
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Path tmp = Files.createTempFile(dir, "session", ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            Files.move(tmp, dir.resolve("session.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw AirlockException.failure("cannot write session " + info.id() + " under " + root + ": " + e.getMessage(),
                    "set AIRLOCK_STATE_DIR to a folder you can write");
        }
    }

    public SessionInfo open(String id) {
        if (!id.matches("s-[0-9a-z]{8,32}")) {
            throw AirlockException.usage("'" + id + "' is not a session id", "session ids look like s-7f3k9q2m1a; " + recent());
        }
        Path file = root.resolve(id).resolve("session.json");
        if (!Files.isRegularFile(file)) {
            throw AirlockException.usage("no session " + id + " under " + root, recent());
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return new SessionInfo(new SessionId(node.path("id").asText()), Path.of(node.path("workspace").asText()),
                    node.path("mode").asText(), Instant.parse(node.path("created").asText()),
                    Optional.ofNullable(node.get("branch")).map(JsonNode::asText));
        } catch (IOException | RuntimeException e) {
            throw AirlockException.failure("session " + id + " cannot be read (" + file + "): " + e.getMessage(),
                    "start a new session (omit --session)");
        }
    }

    /** All sessions, newest first. */
    public List<SessionInfo> list() {
        List<SessionInfo> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                if (Files.isRegularFile(dir.resolve("session.json"))) {
                    try {
                        out.add(open(dir.getFileName().toString()));
                    } catch (AirlockException e) {
                        // an unreadable session is skipped in listings; opening it says why
                    }
                }
            }
        } catch (IOException e) {
            throw AirlockException.failure("cannot list sessions under " + root + ": " + e.getMessage(), "");
        }
        out.sort(Comparator.comparing(SessionInfo::created).reversed());
        return out;
    }

    private String recent() {
        List<String> ids = list().stream().limit(5).map(s -> s.id().value()).toList();
        return ids.isEmpty() ? "there are no sessions yet; airlock run starts one" : "recent sessions: " + String.join(", ", ids);
    }
}
