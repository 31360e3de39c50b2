package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.testing.Jar;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock mcp} under a client nobody here wrote: the MCP Inspector's command-line mode (TypeScript SDK),
 * fetched by npx from the npm registry at a pinned version. Its package asks for Node 22, but its CLI mode runs
 * on Node 20 (npm only warns). Each call starts its own server, so each is one session.
 */
class McpInspectorIT {

    static final String INSPECTOR = "@modelcontextprotocol/inspector@0.21.2";
    static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
    };

    @TempDir
    Path workspace;
    @TempDir
    Path state;

    @BeforeAll
    static void needsNpx() {
        boolean present;
        try {
            Process p = new ProcessBuilder("npx", "--version").redirectErrorStream(true).start();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        assumeTrue(present, "npx (Node.js) is not installed: the MCP Inspector cannot be run, so this test is skipped");
    }

    @BeforeEach
    void files() throws IOException {
        Files.writeString(workspace.resolve("hello.txt"), "hello, inspector\n");
    }

    @Test
    void listsTheTools() throws Exception {
        Map<String, Object> out = inspect(List.of("--mode", "read-only"), "--method", "tools/list");

        assertThat(((List<?>) out.get("tools")).stream().map(t -> String.valueOf(((Map<?, ?>) t).get("name")))).contains("run_command",
                "assess_command", "set_mode", "diff", "rollback", "report", "request_network");
    }

    @Test
    void runsAReadInReadOnlyMode() throws Exception {
        Map<String, Object> out = inspect(List.of("--mode", "read-only"), "--method", "tools/call", "--tool-name", "run_command",
                "--tool-arg", "command=cat hello.txt", "--tool-arg", "justification=read the greeting");

        assertThat(out).containsEntry("isError", false);
        @SuppressWarnings("unchecked")
        var structured = (Map<String, Object>) out.get("structuredContent");
        assertThat(structured).containsEntry("stdout", "hello, inspector\n")
                .containsEntry("profile", "read-only");
    }

    @Test
    void aWriteInReadOnlyModeIsRefusedWithWhatItNeeded() throws Exception {
        Map<String, Object> out = inspect(List.of("--mode", "read-only", "--approver", "deny"), "--method", "tools/call",
                "--tool-name", "run_command", "--tool-arg", "command=echo x > written.txt");

        assertThat(out).containsEntry("isError", true);
        assertThat(out.get("content").toString()).contains("needs profile workspace-write", "Nothing ran");
        assertThat(workspace.resolve("written.txt")).doesNotExist();
    }

    @Test
    void writesInDefaultMode() throws Exception {
        Map<String, Object> out = inspect(List.of("--mode", "default"), "--method", "tools/call", "--tool-name", "run_command",
                "--tool-arg", "command=echo x > written.txt");

        assertThat(out).containsEntry("isError", false);
        assertThat(workspace.resolve("written.txt")).hasContent("x");
    }

    /** Runs the Inspector's CLI against {@code airlock mcp --workspace W SERVER_ARGS} and reads its JSON output. */
    Map<String, Object> inspect(List<String> serverArgs, String... method) throws Exception {
        List<String> command = new ArrayList<>(List.of("npx", "-y", INSPECTOR, "--cli",
                "-e", "AIRLOCK_STATE_DIR=" + state));
        List<String> server = new ArrayList<>(List.of("mcp", "--workspace", workspace.toString()));
        server.addAll(serverArgs);
        command.addAll(Jar.command(server.toArray(String[]::new)));
        command.addAll(List.of(method));
        Path err = Files.createTempFile(state, "inspector", ".err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the inspector finishes").isTrue();
        String stdout = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stdout + "\n" + Files.readString(err)).isZero();
        return McpJsonDefaults.getMapper().readValue(stdout, MAP);
    }
}
