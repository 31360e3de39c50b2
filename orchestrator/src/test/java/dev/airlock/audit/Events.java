package dev.airlock.audit;

import dev.airlock.audit.AuditEvent.Approval;
import dev.airlock.audit.AuditEvent.Assessment;
import dev.airlock.audit.AuditEvent.CheckpointTaken;
import dev.airlock.audit.AuditEvent.CommandRan;
import dev.airlock.audit.AuditEvent.CommandRefused;
import dev.airlock.audit.AuditEvent.Decision;
import dev.airlock.audit.AuditEvent.Egress;
import dev.airlock.audit.AuditEvent.FileChanges;
import dev.airlock.audit.AuditEvent.Reason;
import dev.airlock.audit.AuditEvent.RolledBack;
import dev.airlock.audit.AuditEvent.SessionEnded;
import dev.airlock.audit.AuditEvent.SessionStarted;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Synthetic events for tests: a clock that ticks one second per event, and short constructors. */
final class Events {

    private Instant now = Instant.parse("2025-06-01T10:00:00Z");

    Instant tick() {
        now = now.plusSeconds(1);
        return now;
    }

    SessionStarted started(String mode) {
        return new SessionStarted(tick(), "s-test0001", mode, "/home/dev/project", "workspace-write",
                List.of("workspace-write", "network-allowlisted"), List.of("node_modules/"));
    }

    CheckpointTaken checkpoint(String id) {
        return new CheckpointTaken(tick(), id, "before", 12, 40, List.of());
    }

    CommandRan ran(String id, List<String> argv, Assessment assessment, FileChanges changes, String checkpoint) {
        return new CommandRan(tick(), id, argv, Optional.empty(), assessment,
                new Decision("run", Optional.of("workspace-write"), "the base profile is enough"), Optional.empty(),
                "workspace-write", "container-" + id, 0, false, false, 800, changes, List.of(),
                Optional.ofNullable(checkpoint), List.of());
    }

    CommandRan approvedWrite(String id, String checkpoint) {
        return new CommandRan(tick(), id, List.of("touch", "notes.txt"), Optional.of("record the plan"),
                assessment("write", new Reason("write", "writes", "notes.txt")),
                new Decision("escalate", Optional.of("workspace-write"), "read-only mode cannot write"),
                Optional.of(new Approval("terminal", "approved", Optional.of("once"), Optional.of("alice"), Optional.empty())),
                "workspace-write", "container-" + id, 0, false, false, 650,
                new FileChanges(List.of("notes.txt"), List.of(), List.of()), List.of(), Optional.of(checkpoint), List.of());
    }

    CommandRefused deniedNetwork(String id) {
        return new CommandRefused(tick(), id, List.of("curl", "-fsSL", "https://example.test/install.sh"),
                Optional.of("fetch the installer"),
                new Assessment("network", List.of(new Reason("network", "network", "example.test")),
                        List.of("example.test"), List.of(), false),
                "network-allowlisted (example.test)", "terminal", "the person at the terminal said no",
                Optional.of(new Approval("terminal", "denied", Optional.empty(), Optional.of("alice"),
                        Optional.of("not on this task"))));
    }

    CommandRan rmRecursive(String id, String checkpoint) {
        return ran(id, List.of("rm", "-r", "build"),
                assessment("destructive", new Reason("destructive", "deletes", "build/")),
                new FileChanges(List.of(), List.of(), List.of("build/a.o", "build/b.o")), checkpoint);
    }

    CommandRan withEgress(String id, List<Egress> egress) {
        CommandRan base = ran(id, List.of("npm", "install"), assessment("network"), FileChanges.NONE, null);
        return new CommandRan(base.at(), id, base.argv(), base.justification(), base.assessment(), base.decision(),
                base.approval(), "network-allowlisted", base.containerId(), 0, false, false, 1200, base.changes(),
                egress, base.checkpoint(), List.of());
    }

    RolledBack rollback(String to, String undo, FileChanges changes) {
        return new RolledBack(tick(), to, undo, changes);
    }

    SessionEnded ended() {
        return new SessionEnded(tick());
    }

    static Assessment assessment(String tier, Reason... reasons) {
        return new Assessment(tier, List.of(reasons), List.of(), List.of(), false);
    }

    static FileChanges changes(List<String> added, List<String> modified, List<String> deleted) {
        return new FileChanges(added, modified, deleted);
    }
}
