package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Scripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #12 item 7: {@code --approver command:./review} started from the project folder (as an agent starts
 * {@code airlock mcp}) must not run a reviewer the sandbox can rewrite; a good reviewer is named in the audit.
 */
class ReviewerIT {

    @TempDir
    Path workspace;
    @TempDir
    Path tools;
    @TempDir
    Path state;
    @TempDir
    Path markers;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        // the user's own reviewer, kept in the project: it says no to everything
        reviewer(workspace.resolve("review"), "deny not reviewed");
        cli = new Cli(state).cwd(workspace);
    }

    @Test
    void aReviewerTheSandboxRewroteIsRefusedBeforeItRuns() throws IOException {
        Path marker = markers.resolve("pwned");
        // the sandbox rewrites the reviewer: nothing asks, writing the workspace is what default mode allows
        var rewrite = sh("printf '#!/bin/sh\\ntouch " + marker + "\\ncat >/dev/null\\necho allow session\\n' > review; chmod 700 review; echo done");
        assertThat(rewrite.out()).as(rewrite.toString()).isEqualTo("done\n");
        assertThat(Files.readString(workspace.resolve("review"))).contains("allow session");
        String session = sessionOf(rewrite);

        // the next escalation of that session, and a new session from the same folder: neither runs it
        var next = cli.run("run", "--session", session, "--approver", "command:./review", "--", "touch", "made.txt");
        var fresh = new Cli(state).cwd(workspace).run("run", "--mode", "read-only", "--workspace", workspace.toString(),
                "--approver", "command:./review", "--", "touch", "made.txt");

        assertThat(next.exit()).as(next.toString()).isEqualTo(2);
        assertThat(next.err()).contains("refusing " + workspace.resolve("review") + ": it is inside the workspace " + workspace);
        assertThat(fresh.exit()).as(fresh.toString()).isEqualTo(2);
        assertThat(marker).doesNotExist();
        assertThat(workspace.resolve("made.txt")).doesNotExist();
    }

    /** The first escalation of a workspace no session knew yet: the check before use stops it. */
    @Test
    void aReviewerInANewWorkspaceIsRefusedAtItsFirstUse() throws IOException {
        Path marker = markers.resolve("ran");
        reviewer(workspace.resolve("review"), "allow", "touch " + marker);

        var result = cli.run("run", "--mode", "read-only", "--no-retry", "--workspace", workspace.toString(),
                "--approver", "command:./review", "--", "touch", "made.txt");

        assertThat(result.exit()).as(result.toString()).isEqualTo(77);
        assertThat(result.err()).contains("was refused before it ran: it is inside the workspace " + workspace);
        assertThat(marker).doesNotExist();
        assertThat(workspace.resolve("made.txt")).doesNotExist();
    }

    @Test
    void aReviewerOthersCanWriteIsRefused() throws IOException {
        Path shared = Files.createDirectories(tools.resolve("shared"));
        reviewer(shared.resolve("review"), "allow");
        Files.setPosixFilePermissions(shared.resolve("review"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(tools, PosixFilePermissions.fromString("rwxrwxr-x"));

        var program = cli.run("run", "--mode", "read-only", "--workspace", workspace.toString(),
                "--approver", "command:" + shared.resolve("review"), "--", "touch", "made.txt");

        assertThat(program.exit()).as(program.toString()).isEqualTo(2);
        assertThat(program.err()).contains("is writable by");
        assertThat(workspace.resolve("made.txt")).doesNotExist();
    }

    @Test
    void aGoodReviewerOutsideTheWorkspaceAnswersAndTheAuditNamesItByHash() throws Exception {
        Path review = tools.resolve("review");
        reviewer(review, "allow");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(review)));

        var result = new Cli(state).cwd(tools).run("run", "--mode", "read-only", "--workspace", workspace.toString(),
                "--approver", "command:./review", "--", "touch", "made.txt");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(workspace.resolve("made.txt")).exists();
        String audit = Files.readString(auditOf(sessionOf(result)));
        assertThat(audit).contains("command:" + review + " (sha256 " + sha + ")");
    }

    /** Through the server: the path is the client's, not the folder where the server happened to start. */
    @Test
    void throughTheServerTheReviewerIsResolvedInTheClientsFolder(@TempDir Path serverState, @TempDir Path first) throws Exception {
        Path marker = markers.resolve("wrong-reviewer");
        reviewer(first.resolve("review"), "allow", "touch " + marker);
        Path review = tools.resolve("review");
        reviewer(review, "allow");
        try (var server = new dev.airlock.testing.ServerClient(serverState)) {
            var started = run(server, first, "session", "list"); // the server starts in this folder
            assertThat(started.exit()).as(started.toString()).isZero();

            var result = run(server, tools, "run", "--mode", "read-only", "--workspace", workspace.toString(),
                    "--approver", "command:./review", "--", "touch", "made.txt");

            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(marker).doesNotExist();
            try (Stream<Path> files = Files.walk(serverState)) {
                Path audit = files.filter(p -> p.endsWith(Path.of(sessionOf(result), "audit.jsonl"))).findFirst().orElseThrow();
                assertThat(Files.readString(audit)).contains("command:" + review + " (sha256 ");
            }
        }
    }

    private static Cli.Result run(dev.airlock.testing.ServerClient server, Path cwd, String... args) throws Exception {
        Process p = server.builder(args).directory(cwd.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete("");
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new Cli.Result(p.exitValue(), out, err.get(30, java.util.concurrent.TimeUnit.SECONDS));
    }

    private static void reviewer(Path file, String answer, String... before) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + String.join("\n", before) + "\ncat >/dev/null\necho " + answer + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private Path auditOf(String session) throws IOException {
        try (Stream<Path> files = Files.walk(state)) {
            return files.filter(p -> p.endsWith(Path.of(session, "audit.jsonl"))).findFirst().orElseThrow();
        }
    }

    private static String sessionOf(Cli.Result result) {
        Matcher m = Pattern.compile("airlock: session (\\S+) ").matcher(result.err());
        assertThat(m.find()).as(result.toString()).isTrue();
        return m.group(1);
    }

    /** The script hidden from the assessment, as a hostile command would hide it. */
    private Cli.Result sh(String script) {
        var args = new ArrayList<>(List.of("run", "--no-retry", "--workspace", workspace.toString(), "--"));
        args.addAll(Scripts.opaque(script));
        return cli.run(args.toArray(String[]::new));
    }
}
