package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP faces never carry a masked file's bytes: a hidden script renames the folder that holds a masked
 * {@code .env} (the mask moves with it), and the {@code diff}, {@code report} and {@code rollback} results
 * show the file as changed, never its content.
 */
class McpMaskedDiffIT {

    static final String SECRET = "sk-live-MCP-DIFF-5150";
    static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path workspace;
    @TempDir
    Path state;

    @Test
    void theDiffToolShowsAMovedSecretAsChangedNeverItsContent() throws Exception {
        Files.createDirectories(workspace.resolve("config"));
        Files.writeString(workspace.resolve("config/.env"), "TOKEN=" + SECRET + "\n");
        Files.writeString(workspace.resolve("config/app.yml"), "port: 8080\n");
        String hidden = Base64.getEncoder().encodeToString("mv config cfg2; cat cfg2/.env; echo moved\n".getBytes(StandardCharsets.UTF_8));
        try (RawClient client = new RawClient(state, "--workspace", workspace.toString(), "--mode", "default", "--approver", "deny")) {
            client.initialize();
            client.call(1, "run_command", Map.of("command", "echo " + hidden + " | base64 -d | sh"), Map.of());
            String ran = String.valueOf(client.response(1, WAIT));
            boolean moved = Files.exists(workspace.resolve("cfg2/.env"));
            client.call(2, "diff", Map.of(), Map.of());
            String diff = String.valueOf(client.response(2, WAIT));
            client.call(3, "report", Map.of("format", "json"), Map.of());
            client.response(3, WAIT);
            client.call(4, "rollback", Map.of(), Map.of());
            String rollback = String.valueOf(client.response(4, WAIT));

            assertThat(ran).contains("moved");
            if (moved) {
                // the mask moved with its folder: the store saw the secret under its new name
                assertThat(diff).contains("cfg2/.env  (masked: content not shown)");
            }
            assertThat(rollback).contains("Restored");
            assertThat(client.all.toString()).doesNotContain(SECRET);
            assertThat(client.stderr.toString()).doesNotContain(SECRET);
        }
        assertThat(workspace.resolve("config/.env")).hasContent("TOKEN=" + SECRET);
    }
}
