package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Jar;
import dev.airlock.testing.LocalUser;
import dev.airlock.testing.ServerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user on the same machine can open nothing of Airlock's state (checkpoints of a workspace with a
 * masked {@code .env}, audit logs, approvals), however Airlock ran: in this process, as {@code java -jar} with
 * no server, or through the server. A wider state folder is tightened, and one of another user refused.
 */
class StatePrivacyIT {

    @TempDir
    Path workspace;
    Path base;
    Path state;
    LocalUser other;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(workspace.resolve(".env"), "GITHUB_TOKEN=ghp_privacy_canary\n");
        Files.writeString(workspace.resolve("notes.txt"), "private notes\n");
        // a folder everyone may enter, so the state folder's own mode is the only wall
        base = Files.createTempDirectory("airlock-privacy");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        state = base.resolve("state");
        other = LocalUser.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        other.close();
        try (Stream<Path> all = Files.walk(base)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static final String WRITE = "echo changed >> notes.txt";

    @Test
    void anInProcessRunLeavesNothingAnotherUserCanOpen() throws Exception {
        var run = new Cli(state).run("run", "--workspace", workspace.toString(), "--", "sh", "-c", WRITE);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertNobodyElseOpens(state);
    }

    @Test
    void aJarRunWithNoServerLeavesNothingAnotherUserCanOpen() throws Exception {
        Process p = Jar.start(state, Map.of("AIRLOCK_NO_SERVER", "1"), "run", "--workspace", workspace.toString(), "--", "sh", "-c", WRITE);
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(err).isZero();
        assertNobodyElseOpens(state);
    }

    @Test
    void aRunThroughTheServerLeavesNothingAnotherUserCanOpen() throws Exception {
        try (ServerClient airlock = new ServerClient(state)) {
            var run = airlock.run("run", "--workspace", workspace.toString(), "--", "sh", "-c", WRITE);

            assertThat(run.exit()).as(run.toString()).isZero();
            assertNobodyElseOpens(state);
        }
    }

    @Test
    void aStateFolderOpenToOthersIsMadePrivateAndTheUserIsTold() throws Exception {
        Files.createDirectory(state);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));

        var run = new Cli(state).run("run", "--workspace", workspace.toString(), "--", "sh", "-c", WRITE);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).contains("made the state folder " + state + " private to you (it was 0755");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state, LinkOption.NOFOLLOW_LINKS))).isEqualTo("rwx------");
        assertNobodyElseOpens(state);
    }

    @Test
    void aStateFolderOfAnotherUserIsRefusedAndNothingIsWrittenThere() throws Exception {
        // the other user made the folder first, hoping to read what Airlock keeps there
        Files.createDirectory(state);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        other.own(state);

        var run = new Cli(state).run("run", "--workspace", workspace.toString(), "--", "sh", "-c", WRITE);

        assertThat(run.exit()).as(run.toString()).isEqualTo(125);
        assertThat(run.err()).contains("belongs to uid " + other.uid() + ", not to you").contains("AIRLOCK_STATE_DIR");
        try (Stream<Path> left = Files.list(state)) {
            assertThat(left).as("nothing of ours in the other user's folder").isEmpty();
        }
        assertThat(Files.readString(workspace.resolve("notes.txt"))).as("the command did not run").isEqualTo("private notes\n");
    }

    /** Every file and folder of the state, tried as the other user: none opens; the state folder is 0700. */
    private void assertNobodyElseOpens(Path state) throws IOException, InterruptedException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state, LinkOption.NOFOLLOW_LINKS))).isEqualTo("rwx------");
        List<Path> all;
        try (Stream<Path> walk = Files.walk(state)) {
            all = walk.filter(p -> !Files.isSymbolicLink(p)).toList();
        }
        assertThat(all).as("the run left checkpoints and an audit log")
                .anyMatch(p -> p.getFileName().toString().equals("audit.jsonl"))
                .anyMatch(p -> p.toString().contains("checkpoints.git/objects/"));
        Path list = base.resolve("paths.txt");
        Files.write(list, all.stream().map(Path::toString).toList());
        Files.setPosixFilePermissions(list, PosixFilePermissions.fromString("rw-r--r--"));

        var tried = other.sh("n=0; while IFS= read -r p; do n=$((n+1));"
                + " if ls \"$p\" >/dev/null 2>&1; then echo \"LISTED $p\"; fi;"
                + " if cat \"$p\" >/dev/null 2>&1; then echo \"READ $p\"; fi; done < " + list + "; echo checked $n;"
                + " ls " + state + "; cat " + state + "/sessions/*/audit.jsonl");

        assertThat(tried.out()).as(tried.toString()).isEqualTo("checked " + all.size() + "\n");
        assertThat(tried.err()).contains("Permission denied");
        Files.delete(list);
    }
}
