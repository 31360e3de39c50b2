package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents, each with its own {@code airlock mcp} session, on one workspace: agent A's rollback tool refuses
 * to undo what agent B's commands wrote since A's checkpoint, and goes ahead once B has rolled its own work back.
 */
class McpTwoAgentsIT {

    @Test
    void oneAgentsRollbackNeverSilentlyUndoesTheOtherAgentsFiles(@TempDir Path temp) throws Exception {
        Duration wait = Duration.ofSeconds(120);
        Path workspace = Files.createDirectory(temp.resolve("ws"));
        Path state = Files.createDirectory(temp.resolve("state"));
        Files.writeString(workspace.resolve("keep.txt"), "keep\n");
        String[] args = {"--workspace", workspace.toString(), "--mode", "default", "--approver", "deny"};
        try (RawClient a = new RawClient(state, args); RawClient b = new RawClient(state, args)) {
            a.initialize();
            b.initialize();
            a.call(1, "run_command", Map.of("command", "echo from-a > a.txt"), Map.of());
            a.response(1, wait);
            b.call(1, "run_command", Map.of("command", "echo from-b > b.txt"), Map.of());
            b.response(1, wait);

            a.call(2, "rollback", Map.of(), Map.of());
            String refused = String.valueOf(a.response(2, wait));

            assertThat(refused).contains("not rolled back").contains("another session's work").contains("b.txt");
            assertThat(workspace.resolve("a.txt")).hasContent("from-a");
            assertThat(workspace.resolve("b.txt")).hasContent("from-b");

            b.call(2, "rollback", Map.of(), Map.of());
            assertThat(String.valueOf(b.response(2, wait))).contains("Restored");
            a.call(3, "rollback", Map.of(), Map.of());
            assertThat(String.valueOf(a.response(3, wait))).contains("Restored");
        }
        assertThat(workspace.resolve("a.txt")).doesNotExist();
        assertThat(workspace.resolve("b.txt")).doesNotExist();
        assertThat(workspace.resolve("keep.txt")).hasContent("keep");
    }
}
