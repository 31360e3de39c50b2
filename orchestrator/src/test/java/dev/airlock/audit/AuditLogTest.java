package dev.airlock.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import dev.airlock.audit.AuditEvent.CheckpointTaken;
import dev.airlock.audit.AuditEvent.Egress;
import dev.airlock.audit.AuditEvent.Grant;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuditLogTest {

    @TempDir
    Path temp;

    static Stream<Arguments> everyKindOfEvent() {
        Events e = new Events();
        return Stream.of(
                Arguments.of(e.started("default"), "session-started"),
                Arguments.of(e.approvedWrite("c-1", "0123456789ab"), "command"),
                Arguments.of(e.withEgress("c-2", List.of(new Egress("registry.npmjs.org", 443, true, "allowlist", 10, 20))), "command"),
                Arguments.of(e.deniedNetwork("c-3"), "refused"),
                Arguments.of(new Grant(e.tick(), "session", "domain", "registry.npmjs.org", "terminal", Optional.of("alice")), "grant"),
                Arguments.of(new CheckpointTaken(e.tick(), "0123456789ab", "before c-4", 10, 31, List.of("node_modules/ (rule)")), "checkpoint"),
                Arguments.of(e.rollback("0123456789ab", "ba9876543210", Events.changes(List.of(), List.of("a"), List.of())), "rollback"),
                Arguments.of(e.ended(), "session-ended"));
    }

    @ParameterizedTest
    @MethodSource("everyKindOfEvent")
    void everyKindOfEventIsOneJsonLineWithItsTypeAndReadsBackEqual(AuditEvent event, String type) throws IOException {
        Path file = temp.resolve("sessions/s-1/audit.jsonl");
        try (AuditLog log = AuditLog.open(file)) {
            log.append(event);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("{\"type\":\"" + type + "\",");
        assertThat(AuditLog.read(file)).isEqualTo(new LogContents(List.of(event), List.of()));
    }

    @Test
    void concurrentAppendsFromManyThreadsLoseNothing() throws Exception {
        Path file = temp.resolve("audit.jsonl");
        int threads = 8;
        int each = 250;
        try (AuditLog log = AuditLog.open(file, AuditLog.Durability.SYNCED);
             var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> IntStream.range(0, each).forEach(i -> log.append(
                        new CheckpointTaken(Instant.now(), "t" + thread + "-" + i, "label ".repeat(i % 50), i, i, List.of())))));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        LogContents read = AuditLog.read(file);
        assertThat(read.warnings()).isEmpty();
        assertThat(read.events()).hasSize(threads * each)
                .extracting(e -> ((CheckpointTaken) e).id()).doesNotHaveDuplicates();
    }

    /** A cancelled command's thread is interrupted while it writes: the log of its (warm) session must outlive that. */
    @Test
    void anInterruptedWriterLeavesTheLogWritableForTheNextCommand() {
        Path file = temp.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.open(file, AuditLog.Durability.SYNCED)) {
            Thread.currentThread().interrupt();
            try {
                log.append(new CheckpointTaken(Instant.now(), "while-interrupted", "l", 1, 1, List.of()));
            } finally {
                Thread.interrupted();
            }
            log.append(new CheckpointTaken(Instant.now(), "after", "l", 1, 1, List.of()));
        }
        assertThat(AuditLog.read(file).events()).extracting(e -> ((CheckpointTaken) e).id()).containsExactly("while-interrupted", "after");
    }

    @Test
    void concurrentAppendsFromSeveralProcessesLoseNothing() throws Exception {
        Path file = temp.resolve("audit.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    AppendMain.class.getName(), file.toString(), "p" + p, "400")
                    .redirectOutput(new File("/dev/null")).redirectErrorStream(true).start());
        }
        for (Process process : processes) {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        }
        LogContents read = AuditLog.read(file);
        assertThat(read.warnings()).isEmpty();
        assertThat(read.events()).hasSize(1200).extracting(e -> ((CheckpointTaken) e).id()).doesNotHaveDuplicates();
    }

    @Test
    void aCutLastLineAndAGarbageMiddleLineAreSkippedWithWarningsAndTheRestReads() throws IOException {
        Path file = temp.resolve("audit.jsonl");
        Events e = new Events();
        try (AuditLog log = AuditLog.open(file)) {
            log.append(e.started("default"));
            log.append(e.checkpoint("aaaaaaaaaaaa"));
        }
        Files.writeString(file, "{\"type\":\"command\", garbage\n", java.nio.file.StandardOpenOption.APPEND);
        try (AuditLog log = AuditLog.open(file)) {
            log.append(e.ended());
        }
        String full = Files.readString(file);
        Files.writeString(file, full + full.lines().findFirst().orElseThrow().substring(0, 30));

        LogContents read = AuditLog.read(file);

        assertThat(read.events()).extracting(AuditEvent::getClass).containsExactly(
                AuditEvent.SessionStarted.class, CheckpointTaken.class, AuditEvent.SessionEnded.class);
        assertThat(read.warnings()).hasSize(2);
        assertThat(read.warnings().get(0)).startsWith("line 3 skipped: not a valid audit event");
        assertThat(read.warnings().get(1)).startsWith("line 5 skipped: cut short");
    }

    @Test
    void appendingAfterACutLineStartsANewLine() throws IOException {
        Path file = temp.resolve("audit.jsonl");
        Events e = new Events();
        Files.writeString(file, "{\"type\":\"session-started\",\"at\":\"2025-");
        try (AuditLog log = AuditLog.open(file)) {
            log.append(e.ended());
        }

        LogContents read = AuditLog.read(file);

        assertThat(read.events()).hasSize(1).first().isInstanceOf(AuditEvent.SessionEnded.class);
        assertThat(read.warnings()).singleElement().asString().startsWith("line 1 skipped");
        assertThat(Files.readString(file)).endsWith("\n").hasLineCount(2);
    }

    @Test
    void linesOfAnUnknownTypeOrMissingFieldsOrBadWordsAreSkippedWithWarnings() throws IOException {
        Path file = temp.resolve("audit.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"type\":\"from-the-future\",\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"type\":\"session-ended\"}",
                "{\"type\":\"grant\",\"at\":\"2025-06-01T10:00:00Z\",\"scope\":\"forever\",\"kind\":\"domain\",\"value\":\"x\",\"approver\":\"t\"}",
                "{\"type\":\"session-ended\",\"at\":\"2025-06-01T10:00:00Z\"} trailing",
                "{\"type\":\"session-ended\",\"at\":\"2025-06-01T10:00:00Z\",\"added-later\":1}",
                ""), StandardCharsets.UTF_8);

        LogContents read = AuditLog.read(file);

        assertThat(read.events()).hasSize(1);
        assertThat(read.warnings()).hasSize(4).allMatch(w -> w.contains("not a valid audit event"));
    }

    @Test
    void closedVocabulariesAreCheckedAndTiersAsTheAssessmentNamesThem() {
        assertThat(Events.assessment("destructive").tier()).isEqualTo("DESTRUCTIVE");
        assertThatThrownBy(() -> new AuditEvent.Decision("maybe", Optional.empty(), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind \"maybe\"");
        assertThatThrownBy(() -> new AuditEvent.Approval("terminal", "sure", Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readingALogThatDoesNotExistSaysSo() {
        assertThatThrownBy(() -> AuditLog.read(temp.resolve("none.jsonl")))
                .isInstanceOfSatisfying(AirlockException.class, e -> assertThat(e.kind()).isEqualTo(AirlockException.Kind.USAGE))
                .hasMessageContaining("no audit log");
    }

    @Test
    void aLogThatCannotBeCreatedFailsWithAHint() throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "");
        assertThatThrownBy(() -> AuditLog.open(file.resolve("audit.jsonl")))
                .isInstanceOfSatisfying(AirlockException.class, e -> assertThat(e.hint()).contains("AIRLOCK_STATE_DIR"));
    }
}
