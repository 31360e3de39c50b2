package dev.airlock.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.AirlockException;
import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import dev.airlock.approval.RequestKind;
import dev.airlock.approval.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Approvals a person gives in a client's own permission prompt. When Airlock needs a person for a command of an
 * attended Claude Code, the hook asks Claude Code to show its prompt with Airlock's three questions, and puts a
 * one-time token into the rewritten line; the line only runs when the person said yes there, and then the token
 * approves exactly that command, in that session, once, within ten minutes. Tokens live in Airlock's private
 * state folder ({@code agents/prompt-grants/}); the sandbox, where every other command of the agent runs, cannot
 * reach Airlock at all, so a token it learnt is worth nothing to it.
 */
public final class PromptGrants {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    public PromptGrants(Path state) {
        this.dir = state.resolve("agents").resolve("prompt-grants");
    }

    /** A fresh token for this command of this session. */
    public String mint(String session, List<String> argv, Instant now) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        ObjectNode doc = JsonEdits.JSON.createObjectNode();
        doc.put("session", session);
        argv.forEach(doc.putArray("argv")::add);
        doc.put("expires", now.plus(LIFETIME).toString());
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

    /** Forgets tokens nobody used in their lifetime (the person said no, or Claude Code never ran the line). */
    private void sweep(Instant now) throws IOException {
        try (var files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                var modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
                if (modified.isBefore(now.minus(LIFETIME))) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** The approver a rewritten line brings: yes once for the command its token was minted for, else it passes. */
    public Approver approver(String token, java.time.Clock clock) {
        return new Approver() {
            @Override
            public Answer answer(ApprovalRequest request, Instant deadline) {
                if (!token.matches("[0-9a-f]{32}") || !(request.kind() instanceof RequestKind.Command)) {
                    return new Answer.Passed(name(), "no approval from Claude Code's prompt for this request");
                }
                Path file = dir.resolve(token + ".json");
                JsonNode doc;
                try {
                    doc = JsonEdits.read(file).orElse(null);
                    // taken once: whoever deletes it first holds the approval
                    if (doc == null || !Files.deleteIfExists(file)) {
                        return new Answer.Passed(name(), "Claude Code's approval was used already or never given");
                    }
                } catch (IOException | AirlockException e) {
                    return new Answer.Passed(name(), "Claude Code's approval cannot be read");
                }
                List<String> argv = new ArrayList<>();
                doc.path("argv").forEach(a -> argv.add(a.asText()));
                boolean fresh = clock.instant().isBefore(Instant.parse(doc.path("expires").asText("1970-01-01T00:00:00Z")));
                if (fresh && doc.path("session").asText().equals(request.session()) && argv.equals(request.argv())) {
                    return new Answer.Approved(Scope.ONCE, "a person in Claude Code's permission prompt");
                }
                return new Answer.Passed(name(), "Claude Code's approval was for another command, or is too old");
            }

            @Override
            public String name() {
                return "claude-code-prompt";
            }

            @Override
            public boolean person() {
                return true;
            }
        };
    }
}
