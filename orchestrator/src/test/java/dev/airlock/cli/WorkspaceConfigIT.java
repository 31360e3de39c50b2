package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Scripts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A workspace's {@code .airlock/} as a sandbox leaves it: links to host files are not followed (and nothing of
 * what they point at is printed or logged), a layer that would widen by swapping profiles is refused, a broken
 * layer says how to undo it, and Airlock's own and credential folders are never a workspace.
 */
class WorkspaceConfigIT {

    static final String TOKEN = "ghp_S3CRETtokenOfTheHost0123456789";

    @TempDir
    Path workspace;
    @TempDir
    Path host;
    @TempDir
    Path state;
    @TempDir
    Path home;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(workspace.resolve("app.txt"), "v1\n");
        // what a host token file and a password database look like: one not JSON, one JSON whose keys are secret
        Files.writeString(host.resolve("token"), TOKEN + "\n");
        Files.writeString(host.resolve("token.json"), "{\"" + TOKEN + "\": {\"auth\": \"" + TOKEN + "\"}}\n");
        Files.createDirectories(host.resolve("dir/profiles"));
        Files.writeString(host.resolve("dir/modes.json"), "root:" + TOKEN + ":19000:0:99999:7:::\n");
        Files.writeString(host.resolve("dir/profiles/workspace-write.json"), "{\"" + TOKEN + "\": 1}\n");
        Files.writeString(host.resolve("dir/workspace-write.json"), "{\"" + TOKEN + "\": 1}\n");
        cli = new Cli(state).env("HOME", home.toString()).env("XDG_CONFIG_HOME", home.resolve(".config").toString());
    }

    @ParameterizedTest(name = "{0}")
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    @CsvSource(delimiter = '|', textBlock = """
            file symlink to a token       | mkdir .airlock && ln -s HOST/token .airlock/modes.json                  | .airlock/modes.json: $: refused: is a symbolic link
            file symlink to JSON          | mkdir .airlock && ln -s HOST/token.json .airlock/modes.json             | .airlock/modes.json: $: refused: is a symbolic link
            folder symlink                | ln -s HOST/dir .airlock                                                 | .airlock: $: refused: is a symbolic link
            symlink in a middle component | mkdir .airlock && ln -s HOST/dir .airlock/profiles                      | .airlock/profiles: $: refused: is a symbolic link
            FIFO                          | mkdir .airlock && mkfifo .airlock/modes.json                           | .airlock/modes.json: $: refused: is a FIFO (named pipe), not a regular file
            """)
    void linksASandboxPlantsInAirlockAreNotFollowedAndNothingOfTheTargetIsShown(String name, String plant, String expected) {
        var planted = sh(plant.replace("HOST", host.toString()) + " && echo planted");
        assertThat(planted.out()).as(planted.toString()).isEqualTo("planted\n");

        var next = cli.run("run", "--workspace", workspace.toString(), "--", "cat", "app.txt");

        assertThat(next.exit()).as(next.toString()).isEqualTo(2);
        assertThat(next.err()).contains("airlock: " + workspace + "/" + expected).contains("what to do: ");
        assertNothingOfTheHostFileAnywhere(planted, next);
    }

    /** A container cannot link to a file it cannot see; a hard link left by anything else is refused the same way. */
    @Test
    void aHardLinkToAHostFileIsRefused() throws IOException {
        Files.createDirectories(workspace.resolve(".airlock"));
        Files.createLink(workspace.resolve(".airlock/modes.json"), host.resolve("token.json"));

        var next = cli.run("run", "--workspace", workspace.toString(), "--", "cat", "app.txt");

        assertThat(next.exit()).as(next.toString()).isEqualTo(2);
        assertThat(next.err()).contains(workspace + "/.airlock/modes.json: $: refused: has 2 hard links");
        assertNothingOfTheHostFileAnywhere(next);
    }

    /** #13 item 5: the user's own wide profile, named by a modes.json the sandbox wrote, does not unmask .env. */
    @Test
    void aSandboxWrittenModesFileCannotSwapInTheUsersWideProfile() throws IOException {
        Files.createDirectories(home.resolve(".config/airlock/profiles"));
        Files.writeString(home.resolve(".config/airlock/profiles/scratch.json"),
                "{\"description\": \"throwaway work\", \"workspace\": \"read-write\", \"network\": \"none\"}");
        Files.writeString(workspace.resolve(".env"), "DB_PASSWORD=" + TOKEN + "\n");

        var planted = sh("mkdir -p .airlock && printf '{\"default\":{\"profile\":\"scratch\"}}' > .airlock/modes.json && cat .env; echo planted");
        assertThat(planted.out()).as(planted.toString()).isEqualTo("planted\n");

        var next = cli.run("run", "--workspace", workspace.toString(), "--", "cat", ".env");

        assertThat(next.exit()).as(next.toString()).isEqualTo(2);
        assertThat(next.err()).contains(workspace + "/.airlock/modes.json: $.default.profile: a workspace may only narrow the mode "
                + "\"default\": \"scratch\" is wider than \"workspace-write\" in maskedPaths");
        assertNothingOfTheHostFileAnywhere(planted, next);
    }

    /** #12 item 5: a broken layer the sandbox wrote says what is wrong and how to undo it, and the undo works. */
    @Test
    void aBrokenLayerTheSandboxWroteSaysHowToUndoItAndTheUndoWorks() {
        var planted = sh("mkdir -p .airlock && printf '{\"default\": {\"profile\": 7}}' > .airlock/modes.json && echo planted");
        assertThat(planted.out()).as(planted.toString()).isEqualTo("planted\n");
        String session = sessionOf(planted);

        var locked = cli.run("run", "--workspace", workspace.toString(), "--", "cat", "app.txt");

        assertThat(locked.exit()).as(locked.toString()).isEqualTo(2);
        assertThat(locked.err()).contains(workspace + "/.airlock/modes.json: $.default.profile: expected a non-empty string, found a number")
                .contains("airlock rollback --session " + session);
        var rollback = cli.run("rollback", "--session", session);
        assertThat(rollback.exit()).as(rollback.toString()).isZero();
        assertThat(workspace.resolve(".airlock")).doesNotExist();
        var again = cli.run("run", "--workspace", workspace.toString(), "--", "cat", "app.txt");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo("v1\n");
    }

    @Test
    void theStateFolderAndCredentialFoldersAreRefusedAsWorkspaces() throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Files.createDirectories(home.resolve(".config/gcloud"));
        for (Path folder : List.of(state, state.resolve("sessions"), home.resolve(".ssh"), home.resolve(".config/gcloud"), home.resolve(".config"))) {
            Files.createDirectories(folder);
            var result = cli.run("run", "--allow-broad-workspace", "--workspace", folder.toString(), "--", "true");

            assertThat(result.exit()).as(folder + "\n" + result).isEqualTo(2);
            assertThat(result.err()).contains("refusing " + folder.toRealPath() + " as a workspace: it ").contains("no flag overrides this");
        }
    }

    private void assertNothingOfTheHostFileAnywhere(Cli.Result... results) {
        for (Cli.Result r : results) {
            assertThat(r.out() + r.err()).doesNotContain("S3CRET").doesNotContain(TOKEN.substring(4, 20));
        }
        try (Stream<Path> files = Files.walk(state)) {
            for (Path log : files.filter(p -> p.getFileName().toString().equals("audit.jsonl")).toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain("S3CRET");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
