package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #13 item 11: a caller's time limit can only shorten the profile's, in every face. With a workspace layer
 * setting {@code "timeout": "3s"}, {@code sleep 6} is stopped from the CLI and through MCP alike, whatever
 * {@code --timeout} or {@code timeout_seconds} asks for; a shorter one still applies.
 */
class TimeLimitIT {

    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path workspace;
    @TempDir
    Path state;

    @BeforeEach
    void layer() throws IOException {
        Files.createDirectories(workspace.resolve(".airlock/profiles"));
        Files.writeString(workspace.resolve(".airlock/profiles/workspace-write.json"), "{\"limits\": {\"timeout\": \"3s\"}}");
    }

    @Test
    void theCliTimeoutCannotLiftTheProfilesLimit() {
        var result = new Cli(state).run("run", "--workspace", workspace.toString(), "--timeout", "24h", "--",
                "sh", "-c", "sleep 6; echo not-reached");

        assertThat(result.exit()).as(result.toString()).isEqualTo(124);
        assertThat(result.out()).doesNotContain("not-reached");
        assertThat(result.err()).contains("asked for a time limit of 86400s, above the profile workspace-write's limit of 3s")
                .contains("ran longer than 3s");
    }

    @Test
    void theMcpTimeoutSecondsCannotLiftItButMayShortenIt() throws IOException {
        try (RawClient client = new RawClient(state, "--workspace", workspace.toString(), "--mode", "default", "--approver", "deny")) {
            client.initialize();
            client.call(1, "run_command", Map.of("command", "sleep 6; echo not-reached", "timeout_seconds", 86400), Map.of());
            Map<String, Object> lifted = McpStdioIT.result(client.response(1, WAIT));
            client.call(2, "run_command", Map.of("command", "sleep 2; echo not-reached", "timeout_seconds", 1), Map.of());
            Map<String, Object> shortened = McpStdioIT.result(client.response(2, WAIT));

            assertThat(lifted.get("structuredContent")).asString().contains("timedOut=true")
                    .doesNotContain("not-reached");
            assertThat(lifted.get("content")).asString().contains("ran longer than 3.0s");
            assertThat(shortened.get("structuredContent")).asString().contains("timedOut=true");
        }
    }
}
