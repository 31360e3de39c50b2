package dev.airlock.cli;

import dev.airlock.app.Console;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.AirlockException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.airlock.audit.AuditEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** #17: what --json prints is what docs/JSON.md says, field for field, with its version; assess exits by its rule. */
class JsonDocsTest {

    @TempDir
    Path state;

    /** A documented document: every field it may have, and those it always has. */
    record Doc(Set<String> fields, Set<String> always) {
    }

    static Map<String, Doc> documented() throws IOException {
        String text = Files.readString(Path.of("..", "docs", "JSON.md"));
        Map<String, Doc> docs = new LinkedHashMap<>();
        Doc current = null;
        Pattern name = Pattern.compile("`([A-Za-z]+)`");
        for (String line : text.lines().toList()) {
            if (line.startsWith("## ")) {
                Matcher m = Pattern.compile("`airlock ([a-z ]+?) (?:--json|--format json)`").matcher(line);
                current = null;
                while (m.find()) {
                    current = current == null ? new Doc(new LinkedHashSet<>(), new LinkedHashSet<>()) : current;
                    docs.put(m.group(1), current);
                }
            } else if (current != null && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                Matcher m = name.matcher(cells[1]);
                while (m.find()) {
                    current.fields().add(m.group(1));
                    if (cells[3].strip().equals("always")) {
                        current.always().add(m.group(1));
                    }
                }
            }
        }
        return docs;
    }

    private record Run(int exit, JsonNode doc) {
    }

    private Run run(String... args) throws IOException {
        var out = new ByteArrayOutputStream();
        Console console = new Console(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStreamSink.INSTANCE, true, StandardCharsets.UTF_8),
                Map.of("AIRLOCK_STATE_DIR", state.toString(), "HOME", state.toString()), false);
        int exit = new Airlock(console, () -> {
            throw AirlockException.failure("the Docker engine is not reachable at unix:///nope.sock", "start the engine");
        }, false, false).commandLine().execute(args);
        return new Run(exit, new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)));
    }

    /** Discards what it is given. */
    private static final class OutputStreamSink {
        static final java.io.OutputStream INSTANCE = java.io.OutputStream.nullOutputStream();
    }

    @ParameterizedTest(name = "airlock {0}")
    @CsvSource(delimiter = '|', textBlock = """
            assess    | assess --json -- ls -la
            assess    | assess --json -- rm notes.txt
            modes     | modes --json
            doctor    | doctor --json
            profiles  | profiles --json
            scope     | scope --json --workspace WS
            session list | session list --json
            approvals | approvals --json
            """)
    void eachDocumentHasItsDocumentedFieldsAndNoOthers(String command, String args, @TempDir Path workspace) throws IOException {
        var argv = java.util.Arrays.stream(args.split(" ")).map(a -> a.equals("WS") ? workspace.toString() : a).toArray(String[]::new);
        var ran = run(argv);
        checked(command, ran.doc());
    }

    /** The printed document against its table: nothing undocumented, everything "always" there, the version. */
    private static void checked(String command, JsonNode printed) throws IOException {
        Doc doc = documented().get(command);
        assertThat(doc).as("docs/JSON.md documents airlock " + command + " --json").isNotNull();

        Set<String> keys = new LinkedHashSet<>();
        printed.fieldNames().forEachRemaining(keys::add);
        assertThat(doc.fields()).as("documented fields").containsAll(keys);
        assertThat(keys).as("fields always printed").containsAll(doc.always());
        assertThat(printed.path("version").asInt()).isEqualTo(JsonVersion.VERSION);
    }

    private static JsonNode tree(Object value) throws IOException {
        return new ObjectMapper().readTree(Json.write(value));
    }

    @Test
    void grantsDiffLogAndReportPrintTheirDocumentedFields() throws IOException {
        Instant at = Instant.parse("2026-12-02T10:00:00Z");
        checked("grants", tree(GrantsCommand.json("s-0123456789", List.of(dev.airlock.approval.Grant.domain("pypi.org", "network-allowlisted", at)))));
        checked("grants", tree(GrantsCommand.json("s-0123456789", List.of())));
        var changes = new dev.airlock.workspace.Changes(List.of("a.txt"), List.of(), List.of());
        checked("diff", tree(DiffCommand.json("s-0123456789", "cp1", changes, Map.of(), Optional.of("+a\n"))));
        checked("diff", tree(DiffCommand.json("s-0123456789", "cp1", changes, Map.of(), Optional.empty())));

        var assessed = new AuditEvent.Assessment("write", List.of(new AuditEvent.Reason("destructive", "deletes", "old")), List.of(), List.of(), false);
        var ran = new AuditEvent.CommandRan(at, "c-1", List.of("rm", "old"), Optional.empty(), assessed,
                new AuditEvent.Decision("run", Optional.of("workspace-write"), "enough"), Optional.empty(),
                "workspace-write", "container-1", 0, false, false, 10,
                new AuditEvent.FileChanges(List.of(), List.of(), List.of("old")), List.of(), Optional.empty(), List.of());
        List<AuditEvent> events = List.of(
                new AuditEvent.CheckpointTaken(at, "aaaaaaaaaaa1", "before c-1", 3, 5, List.of()), ran,
                new AuditEvent.CommandInterrupted(at, "c-2"), new AuditEvent.SessionEnded(at));
        for (AuditEvent e : events) {
            JsonNode line = new ObjectMapper().readTree(Json.line(LogCommand.json(e)));
            checked("log", line);
        }
        // one tier vocabulary in every document: the audit's lines too
        assertThat(Json.line(LogCommand.json(ran))).contains("\"tier\":\"WRITE\"", "\"tier\":\"DESTRUCTIVE\"").doesNotContain("\"write\"");

        JsonNode report = tree(ReportCommand.json(dev.airlock.audit.Report.of(events, List.of())));
        checked("report", report);
        assertThat(report.path("ran").get(0).has("commandId")).isTrue();
    }

    @Test
    void everyCommandWithJsonHasItInItsHelpAndInTheDocs() throws IOException {
        var docs = documented();
        var console = new Console(InputStream.nullInputStream(), new PrintStream(OutputStreamSink.INSTANCE, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStreamSink.INSTANCE, true, StandardCharsets.UTF_8), Map.of("HOME", state.toString()), false);
        var root = new Airlock(console, () -> {
            throw new AssertionError("help never needs the engine");
        }, false, false).commandLine();
        var withJson = new java.util.ArrayList<String>();
        walk(root, "", withJson);
        assertThat(withJson).contains("run", "exec", "assess", "doctor", "log");
        for (String name : withJson) {
            assertThat(docs).as("docs/JSON.md has a section for airlock " + name + " --json").containsKey(name);
        }
    }

    private static void walk(picocli.CommandLine command, String prefix, List<String> withJson) {
        command.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name) || name.equals("help")) {
                return; // an alias, or help itself
            }
            String full = (prefix + " " + name).strip();
            if (sub.getCommandSpec().findOption("--json") != null) {
                assertThat(sub.getUsageMessage()).as("airlock " + full + " --help").contains("--json");
                withJson.add(full);
            }
            walk(sub, full, withJson);
        });
    }

    @Test
    void runAndExecAreDocumentedWithEveryFieldTheyPrint() throws IOException {
        var docs = documented();
        Doc doc = docs.get("run");
        assertThat(docs.get("exec")).isSameAs(doc);
        assertThat(doc.fields()).contains("version", "session", "command", "commandId", "exitCode", "changes", "interrupted", "denied",
                "failure", "stdout", "stderr");
        // Results.json is the part of the document a run that ran prints
        var r = new dev.airlock.session.RunResult(new dev.airlock.session.SessionId("s-0123456789"), "c-1", "workspace-write", "abc",
                0, false, java.time.Duration.ofSeconds(1), false, 1, false, 1, java.time.Duration.ofMillis(5), java.util.List.of(),
                java.util.List.of(), java.util.Optional.of("cp1"), dev.airlock.workspace.Changes.NONE, java.util.List.of());
        assertThat(doc.fields()).containsAll(Results.json(r).keySet());
    }

    @Test
    void modesSayWhatEachModeAsks() throws IOException {
        JsonNode modes = run("modes", "--json").doc().path("modes");

        assertThat(modes.path("default").path("asks").toString()).contains("destructive");
        assertThat(modes.path("full-access").path("asks").isArray()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> exit {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ls -la              | 0
            rm notes.txt        | 1
            curl https://x.test | 1
            rm -rf /workspace   | 77
            """)
    void assessExitsByItsDocumentedRule(String command, int exit) throws IOException {
        var args = new java.util.ArrayList<>(java.util.List.of("assess", "--json", "--"));
        args.add(command);
        assertThat(run(args.toArray(String[]::new)).exit()).isEqualTo(exit);
    }

    @Test
    void doctorWithoutAnEngineStillReportsAndFails() throws IOException {
        var doctor = run("doctor", "--json");

        assertThat(doctor.exit()).isEqualTo(125);
        assertThat(doctor.doc().path("ok").asBoolean()).isFalse();
        assertThat(doctor.doc().path("checks").toString()).contains("\"config\"").contains("\"engine\"").contains("\"fail\"");
    }
}
