package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import dev.airlock.testing.Reviewers;
import dev.airlock.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints, diff, rollback, the audit log and the report, around real sandboxed commands. */
class CheckpointIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(workspace.resolve("keep.txt"), "unchanged\n");
        Files.writeString(workspace.resolve("edit.txt"), "before\n");
        Files.writeString(workspace.resolve("gone.txt"), "delete me\n");
        Files.write(workspace.resolve("blob.bin"), new byte[] {0, 1, 2, (byte) 0xff, 0, 42});
        Files.writeString(workspace.resolve("tool.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(workspace.resolve("tool.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectories(workspace.resolve("src/deep"));
        Files.writeString(workspace.resolve("src/deep/a.txt"), "a\n");
        cli = new Cli(state);
    }

    static String session(Cli.Result result) {
        Matcher m = Pattern.compile("session (s-[0-9a-z]+)").matcher(result.err() + result.out());
        assertThat(m.find()).as("the run names its session:\n" + result).isTrue();
        return m.group(1);
    }

    @Test
    void rollbackExactlyUndoesChangesAdditionsDeletionsBinariesAndModesAndDiffListsThem() {
        var before = Trees.snapshot(workspace);

        var result = cli.run("run", "--workspace", workspace.toString(), "--approver", Reviewers.allow(state), "--", "sh", "-c",
                "echo after > edit.txt; rm gone.txt; printf '\\001\\002\\003' > blob.bin; chmod +x tool.sh; "
                        + "mkdir -p new/dir && echo n > new/dir/n.txt; rm -r src/deep; head -c 3000 /dev/urandom > rand.bin");
        String session = session(result);
        assertThat(result.exit()).as(result.toString()).isZero();

        var diff = cli.run("diff", "--session", session, "--json");
        assertThat(diff.out()).contains("\"added\" : [ \"new/dir/n.txt\", \"rand.bin\" ]")
                .contains("\"modified\" : [ \"blob.bin\", \"edit.txt\", \"tool.sh\" ]")
                .contains("\"deleted\" : [ \"gone.txt\", \"src/deep/a.txt\" ]")
                .contains("-before").contains("+after").contains("old mode 100644").contains("Binary files");

        var rollback = cli.run("rollback", "--session", session);
        assertThat(rollback.exit()).as(rollback.toString()).isZero();
        assertThat(Trees.snapshot(workspace)).isEqualTo(before);

        // the rollback itself can be undone
        Matcher undo = Pattern.compile("--to ([0-9a-f]+)").matcher(rollback.out());
        assertThat(undo.find()).isTrue();
        assertThat(cli.run("rollback", "--session", session, "--to", undo.group(1)).exit()).isZero();
        assertThat(workspace.resolve("edit.txt")).hasContent("after");
        assertThat(workspace.resolve("gone.txt")).doesNotExist();
    }

    @Test
    void aRunsJsonResultListsItsChanges() {
        var result = cli.run("run", "--json", "--workspace", workspace.toString(), "--approver", Reviewers.allow(state),
                "--", "sh", "-c", "echo x > edit.txt; touch n.txt; rm gone.txt");

        assertThat(result.out()).contains("\"added\" : [ \"n.txt\" ]").contains("\"modified\" : [ \"edit.txt\" ]")
                .contains("\"deleted\" : [ \"gone.txt\" ]").contains("\"session\" : \"s-");
    }

    @Test
    void aKilledAirlockLeavesAReadableLog() throws Exception {
        Process p = Jar.start(state, Map.of(), "run", "--workspace", workspace.toString(), "--", "sh", "-c", "echo x > edit.txt; sleep 300");
        long pid = p.pid();
        assertThat(Engine.eventually(() -> !Engine.containersOfPid(pid).isEmpty(), Duration.ofSeconds(30))).isTrue();
        String session = Engine.containersOfPid(pid).getFirst().labels().get("dev.airlock.session");

        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        var log = cli.run("log", "--session", session);
        assertThat(log.exit()).as(log.toString()).isZero();
        assertThat(log.out()).contains("session started").contains("checkpoint");
        assertThat(cli.run("report", "--session", session).exit()).isZero();
        assertThat(cli.run("rollback", "--session", session).exit()).isZero();
        assertThat(workspace.resolve("edit.txt")).hasContent("before");
    }

    @Test
    void theReportShowsADeniedNetworkCommandAnApprovedWriteAndARecursiveDelete() {
        var first = cli.run("run", "--mode", "read-only", "--approver", "deny", "--workspace", workspace.toString(),
                "--", "curl", "-fsS", "https://downloads.example.test/tool.tgz");
        assertThat(first.exit()).isEqualTo(77);
        String session = session(first);
        var write = cli.run("run", "--session", session, "--approver", Reviewers.allow(state), "--", "sh", "-c", "echo new > edit.txt");
        var delete = cli.run("run", "--session", session, "--approver", Reviewers.allow(state), "--", "rm", "-r", "src");
        assertThat(write.exit()).as(write.toString()).isZero();
        assertThat(delete.exit()).as(delete.toString()).isZero();

        var text = cli.run("report", "--session", session);
        var md = cli.run("report", "--session", session, "--format", "md");
        var json = cli.run("report", "--session", session, "--format", "json");

        assertThat(text.out()).contains("downloads.example.test").contains("curl").containsIgnoringCase("denied")
                .contains("echo new > edit.txt").contains("edit.txt").contains("rm -r src").containsIgnoringCase("deletes");
        assertThat(md.out()).startsWith("#").contains("downloads.example.test").contains("rm -r src");
        assertThat(json.out()).contains("\"session\"").contains("downloads.example.test");
    }
}
