package dev.airlock.audit;

import static dev.airlock.audit.Events.changes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.audit.AuditEvent.Egress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReportTest {

    /** The session of the issue: a denied network command, an approved write and an {@code rm -r}. */
    private static List<AuditEvent> threeCommandSession() {
        Events e = new Events();
        return List.of(
                e.started("read-only"),
                e.checkpoint("aaaaaaaaaaa1"),
                e.approvedWrite("c-1", "aaaaaaaaaaa1"),
                e.deniedNetwork("c-2"),
                e.checkpoint("aaaaaaaaaaa2"),
                e.rmRecursive("c-3", "aaaaaaaaaaa2"),
                e.ended());
    }

    @Test
    void theTextReportShowsTheDeniedNetworkCommandTheApprovedWriteAndTheRmR() {
        String text = Report.of(threeCommandSession(), List.of()).text();

        assertThat(text)
                .contains("What ran: 2 commands ran, 1 refused")
                .contains("c-2 refused, did not run: curl -fsSL https://example.test/install.sh; needed network-allowlisted (example.test), denied by terminal")
                .contains("c-1 approved by terminal (alice), scope once: needed workspace-write for touch notes.txt")
                .contains("c-2 denied by terminal (alice): needed network-allowlisted (example.test)")
                .contains("example.test not contacted: c-2 was refused")
                .contains("What changed: 1 added, 0 modified, 2 deleted")
                .contains("added    notes.txt", "deleted  build/a.o", "deleted  build/b.o")
                .containsPattern("c-3 +rm -r build\\n +- destructive: deletes build/")
                .contains("Make sure the 2 deletions were intended: build/a.o, build/b.o")
                .contains("Look at what the destructive command did: c-3")
                .contains("1 escalation was approved (c-1)");
        assertThat(text).doesNotContain("`");
    }

    @Test
    void theMarkdownReportShowsTheSameInMarkdown() {
        String md = Report.of(threeCommandSession(), List.of()).markdown();

        assertThat(md)
                .startsWith("# Airlock report: session `s-test0001`")
                .contains("## What ran: 2 commands ran, 1 refused")
                .contains("| c-3 | 0 | workspace-write | 0.8s | `rm -r build` |")
                .contains("- c-2 refused, did not run: `curl -fsSL https://example.test/install.sh`")
                .contains("- c-1 approved by terminal (alice), scope once")
                .contains("- **c-3** `rm -r build`\n  - destructive: deletes build/")
                .contains("- deleted  `build/a.o`")
                .contains("## Before accepting the work\n\n1. Review the diff of the 3 changed files");
    }

    @Test
    void theJsonReportHoldsTheSameFacts() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Report.of(threeCommandSession(), List.of()).json());

        assertThat(json.get("session").asText()).isEqualTo("s-test0001");
        assertThat(json.get("ran")).hasSize(2);
        assertThat(json.at("/refused/0/commandId").asText()).isEqualTo("c-2");
        assertThat(json.get("escalations").findValuesAsText("outcome")).containsExactly("approved", "denied");
        assertThat(json.get("escalations").findValuesAsText("by")).containsExactly("alice", "alice");
        assertThat(json.get("flagged").findValuesAsText("commandId")).containsExactly("c-2", "c-3");
        assertThat(json.at("/changed/added").toString()).isEqualTo("[\"notes.txt\"]");
        assertThat(json.at("/changed/deleted").toString()).isEqualTo("[\"build/a.o\",\"build/b.o\"]");
        assertThat(json.get("checks").size()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Report.Format.class)
    void everyFormatRendersAReportReadBackFromALog(Report.Format format, @TempDir Path temp) {
        Path file = temp.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.open(file, AuditLog.Durability.WRITTEN)) {
            threeCommandSession().forEach(log::append);
        }
        Report report = Report.of(AuditLog.read(file));
        assertThat(report).isEqualTo(Report.of(threeCommandSession(), List.of()));
        assertThat(report.render(format)).contains("c-1", "c-2", "c-3", "example.test", "build/a.o");
    }

    @Test
    void aRollbackTakesBackTheChangesOfTheCommandsItUndidAndUndoingItBringsThemBack() {
        Events e = new Events();
        List<AuditEvent> events = List.of(
                e.started("default"),
                e.ran("c-1", List.of("touch", "a"), Events.assessment("write"), changes(List.of("a"), List.of(), List.of()), "cp0000000001"),
                e.ran("c-2", List.of("sed", "-i", "s/x/y/", "b"), Events.assessment("write"), changes(List.of(), List.of("b"), List.of()), "cp0000000002"),
                e.rollback("cp0000000002", "undo00000001", changes(List.of(), List.of("b"), List.of())));

        assertThat(Report.of(events, List.of()).changed()).isEqualTo(changes(List.of("a"), List.of(), List.of()));

        List<AuditEvent> undone = new java.util.ArrayList<>(events);
        undone.add(e.rollback("undo00000001", "undo00000002", changes(List.of(), List.of("b"), List.of())));
        assertThat(Report.of(undone, List.of()).changed()).isEqualTo(changes(List.of("a"), List.of("b"), List.of()));
    }

    @Test
    void aFileAddedThenDeletedIsNoNetChangeAndOneDeletedThenWrittenIsModified() {
        Events e = new Events();
        List<AuditEvent> events = List.of(
                e.ran("c-1", List.of("x"), Events.assessment("write"), changes(List.of("tmp"), List.of(), List.of("keep")), null),
                e.ran("c-2", List.of("y"), Events.assessment("write"), changes(List.of("keep"), List.of(), List.of("tmp")), null));

        assertThat(Report.of(events, List.of()).changed()).isEqualTo(changes(List.of(), List.of("keep"), List.of()));
    }

    @Test
    void destinationsAreAddedUpPerHostAndOutcomeAndRefusedOnesFlagged() {
        Events e = new Events();
        Report report = Report.of(List.of(
                e.withEgress("c-1", List.of(new Egress("registry.npmjs.org", 443, true, "allowlist", 100, 2048),
                        new Egress("registry.npmjs.org", 443, true, "allowlist", 50, 1024),
                        new Egress("tracker.invalid", 443, false, "terminal", 0, 0)))), List.of());

        assertThat(report.destinations()).containsExactly(
                new Report.Destination("registry.npmjs.org", 443, true, "allowlist", 2, 150, 3072, List.of("c-1")),
                new Report.Destination("tracker.invalid", 443, false, "terminal", 1, 0, 0, List.of("c-1")));
        assertThat(report.flagged()).singleElement().extracting(Report.Flag::why).asString()
                .contains("tried to reach tracker.invalid:443, refused by terminal");
        assertThat(report.text()).contains("registry.npmjs.org:443 allowed by allowlist: 2 connections, 150 B up, 3.0 KiB down (c-1)");
    }

    @Test
    void aSessionWithoutAnEndAndWithDamagedLinesSaysSoInTheChecks() {
        Events e = new Events();
        Report report = Report.of(List.of(e.started("default")), List.of("line 2 skipped: cut short"));

        assertThat(report.checks()).anyMatch(c -> c.contains("1 damaged line that was skipped"))
                .anyMatch(c -> c.startsWith("The session has no end event"));
        assertThat(report.text()).contains("Warnings\n  line 2 skipped: cut short");
    }

    @Test
    void aQuietSessionHasNothingToCheck() {
        Events e = new Events();
        Report report = Report.of(List.of(e.started("default"),
                e.ran("c-1", List.of("ls"), Events.assessment("read"), AuditEvent.FileChanges.NONE, null), e.ended()), List.of());

        assertThat(report.checks()).containsExactly(
                "Changes under excluded paths are not in the diff and a rollback does not undo them: node_modules/; look at them yourself");
    }
}
