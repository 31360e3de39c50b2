package dev.airlock.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.AirlockException;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandApproverTest {

    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private Answer ask(String body) throws Exception {
        return new CommandApprover(script("review", body).toString())
                .answer(Requests.push(), Instant.now().plusSeconds(20));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "echo allow                 | approved | once",
        "echo ALLOW once            | approved | once",
        "echo 'allow session'       | approved | session",
        "printf 'allow\\nextra\\n'   | approved | once",
    })
    void allowApproves(String body, String ignored, String scope) throws Exception {
        Answer answer = ask("cat >/dev/null; " + body);

        assertThat(answer).isInstanceOfSatisfying(Answer.Approved.class, a -> {
            assertThat(a.scope()).isEqualTo(Scope.parse(scope));
            assertThat(a.by()).startsWith("command:");
        });
    }

    @Test
    void denyDeniesWithTheReviewersReason() throws Exception {
        assertThat(ask("echo 'deny pushes to main need review'")).isInstanceOfSatisfying(Answer.Denied.class,
                d -> assertThat(d.reason()).endsWith("denied it: pushes to main need review"));
    }

    @Test
    void askPassesItOn() throws Exception {
        assertThat(ask("echo ask")).isInstanceOf(Answer.Passed.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "echo 'sure, why not'      | answered `sure, why not`",
        "echo 'allow forever'      | expected allow, allow once or allow session",
        "true                      | answered nothing",
        "printf 'ok\\033[2J\\n'     | \\u001b[2J",
    })
    void anythingElseIsADenialThatQuotesIt(String body, String expected) throws Exception {
        assertThat(ask(body)).isInstanceOfSatisfying(Answer.Denied.class,
                d -> assertThat(d.reason()).contains(expected));
    }

    @Test
    void aNonZeroExitDeniesEvenIfItSaidAllow() throws Exception {
        assertThat(ask("echo allow; echo 'policy file missing' >&2; exit 3")).isInstanceOfSatisfying(Answer.Denied.class,
                d -> assertThat(d.reason()).contains("exited with status 3").contains("policy file missing"));
    }

    @Test
    void aReviewerThatSleepsPastTheDeadlineIsStoppedAndDenies() throws Exception {
        Path pid = dir.resolve("pid");
        Answer answer = new CommandApprover(script("slow", "echo $$ > " + pid + "; exec sleep 60").toString())
                .answer(Requests.push(), Instant.now().plusMillis(700));

        assertThat(answer).isInstanceOfSatisfying(Answer.Denied.class,
                d -> assertThat(d.reason()).contains("gave no answer within"));
        long reviewer = Long.parseLong(Files.readString(pid).strip());
        ProcessHandle.of(reviewer).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(reviewer).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void theReviewerReadsTheRequestAsJsonOnStdin() throws Exception {
        Path got = dir.resolve("got.json");
        ApprovalRequest request = Requests.push();

        Answer answer = new CommandApprover(script("review", "cat > " + got + "; echo allow").toString())
                .answer(request, Instant.now().plusSeconds(20));

        assertThat(answer).isInstanceOf(Answer.Approved.class);
        JsonNode json = ApprovalJson.mapper().readTree(got.toFile());
        assertThat(json.get("id").asText()).isEqualTo(request.id());
        assertThat(ApprovalJson.mapper().treeToValue(json, ApprovalRequest.class)).isEqualTo(request);
    }

    @Test
    void argumentsAreSplitOnWhitespaceWithoutAShell() throws Exception {
        Path review = script("review", "[ \"$1\" = --strict ] && [ \"$2\" = '$HOME' ] && echo allow || echo deny");

        Answer answer = new CommandApprover(review + "  --strict $HOME").answer(Requests.push(), Instant.now().plusSeconds(20));

        assertThat(answer).isInstanceOf(Answer.Approved.class);
    }

    @Test
    void aReviewerThatIgnoresStdinStillDecides() throws Exception {
        assertThat(ask("echo allow")).isInstanceOf(Answer.Approved.class);
    }

    @Test
    void aMissingProgramIsAUsageErrorWhenNamed() {
        assertThatThrownBy(() -> new CommandApprover(dir.resolve("nope").toString()))
                .isInstanceOfSatisfying(AirlockException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AirlockException.Kind.USAGE);
                    assertThat(e.getMessage()).contains("no such program");
                });
    }

    @Test
    void aRelativeProgramIsResolvedOnceAgainstTheCallersFolderAndRunsInItsOwn() throws Exception {
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Files.move(script("review", "cat >/dev/null; pwd >&2; [ \"$(pwd)\" = " + tools + " ] && echo allow || echo deny"),
                tools.resolve("review"));

        CommandApprover approver = new CommandApprover("./review --strict", tools, Map.of(), List::of);

        assertThat(approver.name()).isEqualTo("command:" + tools.resolve("review") + " --strict");
        assertThat(approver.answer(Requests.push(), Instant.now().plusSeconds(20))).isInstanceOf(Answer.Approved.class);
    }

    @Test
    void aBareNameIsFoundOnTheCallersPathNeverInItsFolder() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.move(script("review-bot", "echo allow"), bin.resolve("review-bot"));
        Path here = Files.createDirectories(dir.resolve("here"));
        Files.move(script("other", "echo allow"), here.resolve("other"));

        assertThat(new CommandApprover("review-bot", here, Map.of("PATH", "relative:" + bin), List::of).name())
                .isEqualTo("command:" + bin.resolve("review-bot"));
        assertThatThrownBy(() -> new CommandApprover("other", here, Map.of("PATH", ".:"), List::of)).hasMessageContaining("no such program");
    }

    @Test
    void theAnswerNamesTheProgramByPathAndSha256() throws Exception {
        Path review = script("review", "cat >/dev/null; echo allow session");
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(review)));

        assertThat(new CommandApprover(review.toString()).answer(Requests.push(), Instant.now().plusSeconds(20)))
                .isInstanceOfSatisfying(Answer.Approved.class, a -> assertThat(a.by()).isEqualTo("command:" + review + " (sha256 " + sha + ")"));
    }

    /** Checked before each use: what was fine when named may have changed since. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            inside a workspace        | it is inside the workspace
            group-writable program    | is writable by its group
            world-writable program    | is writable by everyone
            world-writable folder     | is writable by everyone
            program now a symlink     | has become a symbolic link
            """)
    void aReviewerThatChangedIsRefusedBeforeItRuns(String change, String why) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("ws"));
        Path marker = dir.resolve("ran");
        Path review = script("review", "touch " + marker + "; echo allow");
        Files.move(review, folder.resolve("review"));
        review = folder.resolve("review");
        List<Path> workspaces = new java.util.ArrayList<>();
        CommandApprover approver = new CommandApprover(review.toString(), dir, Map.of(), () -> List.copyOf(workspaces));

        switch (change) {
            case "inside a workspace" -> workspaces.add(folder);
            case "group-writable program" -> Files.setPosixFilePermissions(review, PosixFilePermissions.fromString("rwxrwx---"));
            case "world-writable program" -> Files.setPosixFilePermissions(review, PosixFilePermissions.fromString("rwx---rwx"));
            case "world-writable folder" -> Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
            default -> {
                Path elsewhere = script("elsewhere", "touch " + marker + "; echo allow");
                Files.delete(review);
                Files.createSymbolicLink(review, elsewhere);
            }
        }

        assertThat(approver.answer(Requests.push(), Instant.now().plusSeconds(20))).isInstanceOfSatisfying(Answer.Denied.class,
                d -> assertThat(d.reason()).contains("was refused before it ran").contains(why));
        assertThat(marker).doesNotExist();
    }

    @Test
    void aReviewerInAWorkspaceIsRefusedWhenNamed() throws Exception {
        Path review = script("review", "echo allow");

        assertThatThrownBy(() -> new CommandApprover(review.toString(), dir, Map.of(), () -> List.of(dir)))
                .isInstanceOfSatisfying(AirlockException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AirlockException.Kind.USAGE);
                    assertThat(e.getMessage()).contains("it is inside the workspace " + dir);
                });
    }
}
