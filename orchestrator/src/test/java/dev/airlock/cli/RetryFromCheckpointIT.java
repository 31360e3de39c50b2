package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Reviewers;
import dev.airlock.testing.Scripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, retry after the sandbox stopped a command: the approved re-run starts from the checkpoint taken
 * before the first attempt, so what the command did before it hit the wall does not happen twice.
 */
class RetryFromCheckpointIT {

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(state);
        Files.writeString(workspace.resolve("log.txt"), "before\n");
    }

    @Test
    void aCommandThatAppendedALineBeforeTheWallAppendsItOnceWhenRunAgain() throws Exception {
        // the first attempt appends, then fails as a command with no network does (no traffic leaves: it only
        // looks for the proxy a network profile gives it); the payload is hidden from the assessment
        var args = new ArrayList<>(List.of("run", "--approver", Reviewers.allow(state), "--workspace", workspace.toString(), "--"));
        args.addAll(Scripts.opaque("echo line >> log.txt; test -n \"$HTTP_PROXY\" || "
                + "{ echo 'curl: (6) Could not resolve host: example.invalid' >&2; exit 6; }"));

        var result = cli.run(args.toArray(String[]::new));

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.err()).contains("there is no network in this profile").contains("rolled back to checkpoint")
                .contains("running it again in network-allowlisted");
        assertThat(workspace.resolve("log.txt")).hasContent("before\nline");
        var log = cli.run("log", "--session", session(result.err()));
        assertThat(log.out()).contains("rolled back to");
    }

    private static String session(String err) {
        var m = java.util.regex.Pattern.compile("session (s-[0-9a-z]+)").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        return m.group(1);
    }
}
