package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approval.ApprovalQueue;
import dev.airlock.approval.PendingRequest;
import dev.airlock.approval.RequestKind;
import dev.airlock.session.Workspace;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Reviewers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace that defines its own image in {@code .devcontainer/devcontainer.json}: a person approves the
 * definition before anything is built, the sandbox then runs on the result (hardened as always), a
 * definition the sandbox changed is asked about again, and a hostile build context leaks no host file and
 * no masked secret into the image.
 */
class DevcontainerIT {

    static final String DEFINITION = """
            // the project's sandbox (JSON with comments, as devcontainer.json allows)
            {
              "name": "demo",
              "build": { "dockerfile": "Dockerfile", "args": { "MARK": "v1" } },
              "runArgs": ["--privileged", "--network=host"],   // ignored: the profile decides
              "mounts": ["source=/,target=/host,type=bind"],
            }
            """;

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    @TempDir
    Path outside;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(workspace.resolve(".devcontainer"));
        Files.writeString(workspace.resolve(".devcontainer/devcontainer.json"), DEFINITION);
        cli = new Cli(state);
    }

    @AfterEach
    void removeProjectImages() throws Exception {
        String key = new Workspace(workspace.toRealPath()).key();
        new ProcessBuilder("sh", "-c", "docker images -q airlock-project/" + key + " | sort -u | xargs -r docker rmi -f")
                .redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
    }

    @Test
    void theSandboxRunsOnTheWorkspacesImageOnceAPersonApprovedItsDefinition() throws Exception {
        dockerfile("FROM airlock/sandbox:latest\nARG MARK\nRUN echo \"project image $MARK\" > /etc/project-marker\n");

        var first = approvingTheProjectImage(pending -> {
            assertThat(pending.request().kind()).isEqualTo(new RequestKind.ProjectImage(".devcontainer/devcontainer.json",
                    ((RequestKind.ProjectImage) pending.request().kind()).inputs()));
            assertThat(pending.request().command()).contains("build this workspace's sandbox image from .devcontainer/Dockerfile")
                    .contains("no network");
            assertThat(pending.request().reasons()).anyMatch(r -> r.detail().contains("Dockerfile: RUN echo \"project image $MARK\""))
                    .anyMatch(r -> r.detail().equals("build argument MARK=v1"));
        }, "run", "--workspace", workspace.toString(), "--", "sh", script("probe.sh",
                "cat /etc/project-marker; grep CapEff /proc/self/status; ls /host 2>&1 | head -1; ls /sys/class/net"));
        // the same inputs again: the image is there, nobody is asked
        var second = cli.run("run", "--workspace", workspace.toString(), "--approver", "deny", "--", "cat", "/etc/project-marker");

        assertThat(first.exit()).as(first.toString()).isZero();
        // devcontainer.json's runArgs and mounts are not the sandbox's: no capability, no host folder, no network
        assertThat(first.out()).startsWith("project image v1\n").contains("CapEff:\t0000000000000000")
                .contains("No such file or directory").contains("lo").doesNotContain("eth0");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).isEqualTo("project image v1\n");
        assertThat(Engine.containersOwnedBy(ProcessHandle.current())).isEmpty();
    }

    @Test
    void aDefinitionTheSandboxChangedIsAskedAboutAndNotBuiltWithoutAPerson(@TempDir Path reviewers) throws Exception {
        dockerfile("FROM airlock/sandbox:latest\nRUN echo one > /etc/project-marker\n");
        assertThat(approvingTheProjectImage(p -> { }, "run", "--workspace", workspace.toString(), "--", "true").exit()).isZero();
        int images = projectImages();

        // .devcontainer/ is read-only inside (a host tool's folder): a write needs an approval, or comes from the
        // host; either way the next build is a new definition
        Files.writeString(workspace.resolve("change.sh"), "echo 'RUN echo two > /etc/project-marker' >> .devcontainer/Dockerfile\n");
        var change = cli.run("run", "--workspace", workspace.toString(), "--approver", "deny", "--", "sh", "change.sh");
        Files.writeString(workspace.resolve(".devcontainer/Dockerfile"), "RUN echo two > /etc/project-marker\n",
                java.nio.file.StandardOpenOption.APPEND);
        var denied = cli.run("run", "--workspace", workspace.toString(), "--approver", "deny", "--", "cat", "/etc/project-marker");
        // a program is no person: it may not approve a project image
        var byProgram = cli.run("run", "--workspace", workspace.toString(), "--approver", Reviewers.allow(reviewers), "--",
                "cat", "/etc/project-marker");

        assertThat(change.exit()).as(change.toString()).isNotZero();
        assertThat(change.err()).contains("Read-only file system");
        assertThat(denied.exit()).as(denied.toString()).isEqualTo(77);
        assertThat(denied.err()).contains("project image").contains(".devcontainer/devcontainer.json");
        assertThat(byProgram.exit()).as(byProgram.toString()).isEqualTo(77);
        assertThat(byProgram.err()).contains("only a person answers a new or changed project image definition");
        assertThat(projectImages()).as("nothing was built for the changed definition").isEqualTo(images);
    }

    @Test
    void aHostileBuildContextLeaksNoHostFileAndNoMaskedSecretIntoTheImage() throws Exception {
        Path hostFile = outside.resolve("host-secret.txt");
        Files.writeString(hostFile, "HOST-FILE-CONTENT\n");
        // planted by the sandbox: a link to a host file, a masked secret, a hard link to that secret
        Files.createSymbolicLink(workspace.resolve(".devcontainer/leak"), hostFile);
        Files.createSymbolicLink(workspace.resolve(".devcontainer/up"), Path.of("/etc"));
        Files.writeString(workspace.resolve(".devcontainer/.env"), "API_TOKEN=MASKED-SECRET-VALUE\n");
        Files.createLink(workspace.resolve(".devcontainer/env-copy"), workspace.resolve(".devcontainer/.env"));
        dockerfile("FROM airlock/sandbox:latest\nCOPY . /ctx/\n");

        var result = approvingTheProjectImage(pending -> assertThat(pending.request().reasons())
                        .anyMatch(r -> r.detail().endsWith(".devcontainer/leak")),
                "run", "--workspace", workspace.toString(), "--", "sh", script("show.sh", "ls -A /ctx; cat /ctx/* /ctx/.env /ctx/up/hostname 2>&1; true"));

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Dockerfile").contains("devcontainer.json")
                .doesNotContain("HOST-FILE-CONTENT").doesNotContain("MASKED-SECRET-VALUE").doesNotContain("leak").doesNotContain("env-copy");
    }

    @Test
    void anImageDefinitionNamesAnImageTheEngineHasAndIsAskedAboutToo() throws Exception {
        Files.writeString(workspace.resolve(".devcontainer/devcontainer.json"), "{ \"image\": \"airlock/sandbox-jdk:test\" }");
        Files.writeString(workspace.resolve(".devcontainer/airlock.json"), "{ \"profiles\": [\"workspace-write\"] }");

        var result = approvingTheProjectImage(p -> assertThat(p.request().command()).contains("the engine's image airlock/sandbox-jdk:test"),
                "run", "--workspace", workspace.toString(), "--", "sh", script("jvm.sh", "java -version 2>&1 | head -1"));
        Files.writeString(workspace.resolve(".devcontainer/devcontainer.json"), "{ \"image\": \"airlock-test/no-such-image:1\" }");
        var missing = cli.run("run", "--workspace", workspace.toString(), "--approver", "deny", "--", "true");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("openjdk version \"17");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("airlock-test/no-such-image:1").contains("Airlock never pulls");
    }

    @Test
    void aDockerfileThatIsALinkToAHostFileIsRefusedWithoutReadingIt() throws Exception {
        Path hostFile = outside.resolve("Dockerfile");
        Files.writeString(hostFile, "FROM airlock/sandbox:latest\nRUN echo HOST-DOCKERFILE\n");
        Files.createSymbolicLink(workspace.resolve(".devcontainer/Dockerfile"), hostFile);

        var result = cli.run("run", "--workspace", workspace.toString(), "--approver", "deny", "--", "true");

        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains(".devcontainer/Dockerfile").contains("symbolic link").doesNotContain("HOST-DOCKERFILE");
    }

    /** A script in the workspace, so the assessment sees only "sh FILE", as with a hidden payload. */
    private String script(String name, String text) throws IOException {
        Files.writeString(workspace.resolve(name), text + "\n");
        return name;
    }

    private void dockerfile(String text) throws IOException {
        Files.writeString(workspace.resolve(".devcontainer/Dockerfile"), text);
    }

    /** Runs the command with the queue approver, checks the request that comes, and approves it as a person would. */
    private Cli.Result approvingTheProjectImage(java.util.function.Consumer<PendingRequest> check, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(args));
        argv.addAll(1, List.of("--approver", "queue"));
        var running = CompletableFuture.supplyAsync(() -> cli.run(argv.toArray(String[]::new)));
        ApprovalQueue queue = ApprovalQueue.under(state);
        if (!Engine.eventually(() -> !queue.pending().isEmpty() || running.isDone(), Duration.ofSeconds(60))) {
            var threads = new StringBuilder();
            Thread.getAllStackTraces().forEach((t, st) -> {
                if (t.getName().contains("ForkJoin")) {
                    threads.append(t.getName()).append('\n');
                    for (var e : st) {
                        threads.append("  ").append(e).append('\n');
                    }
                }
            });
            throw new AssertionError("no request was queued; the run is at:\n" + threads);
        }
        assertThat(running.isDone()).as(() -> "ended without asking: " + running.join()).isFalse();
        assertThat(queue.pending()).as("one request").hasSize(1);
        PendingRequest pending = queue.pending().getFirst();
        check.accept(pending);
        var approved = new Cli(state).run("approve", pending.request().id());
        assertThat(approved.exit()).as(approved.toString()).isZero();
        return running.get(5, TimeUnit.MINUTES);
    }

    private int projectImages() throws Exception {
        String key = new Workspace(workspace.toRealPath()).key();
        Process p = new ProcessBuilder("sh", "-c", "docker images -q airlock-project/" + key + " | sort -u | wc -l").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return Integer.parseInt(out);
    }
}
