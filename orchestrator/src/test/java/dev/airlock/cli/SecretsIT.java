package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Cli;
import dev.airlock.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets stay out: masked files read empty or absent, cannot be written, and cannot be reached another way. */
class SecretsIT {

    static final List<String> SECRETS = List.of(".env", "config/.env.production", "certs/server.pem", "certs/server.key",
            "deploy/id_rsa", ".npmrc", ".pypirc", ".netrc", ".aws/credentials", ".ssh/id_ed25519", ".docker/config.json");

    @TempDir
    Path workspace;
    @TempDir
    Path outside;
    @TempDir
    Path state;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        for (String secret : SECRETS) {
            Files.createDirectories(workspace.resolve(secret).getParent());
            Files.writeString(workspace.resolve(secret), "TOP-SECRET " + secret + "\n");
        }
        Files.writeString(workspace.resolve("README.md"), "visible\n");
        Files.writeString(outside.resolve("host-secret.txt"), "HOST-ONLY\n");
        cli = new Cli(state);
    }

    /** The script hidden from the assessment, so the container alone stands in its way. */
    private Cli.Result sh(String script) {
        var args = new java.util.ArrayList<>(List.of("run", "--no-retry", "--workspace", workspace.toString(), "--"));
        args.addAll(dev.airlock.testing.Scripts.opaque(script));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void maskedFilesReadEmptyOrAbsentAndOrdinaryFilesDoNot() {
        var result = sh("cat README.md; for f in " + String.join(" ", SECRETS) + "; do cat \"$f\" 2>/dev/null; done; "
                + "grep -r TOP-SECRET . ; echo grep=$?");

        assertThat(result.out()).startsWith("visible\n").doesNotContain("TOP-SECRET").contains("grep=1");
    }

    /** The files one find/head loop printed in default mode before: secrets of many ecosystems, and secrets by content. */
    static final Map<String, String> MORE_SECRETS = Map.ofEntries(
            Map.entry("infra/terraform.tfstate", "{\"secret\": \"TOP-SECRET-1\"}"),
            Map.entry("infra/prod.tfvars", "db_password = \"TOP-SECRET-2\""),
            Map.entry(".pgpass", "db:5432:app:app:TOP-SECRET-3"),
            Map.entry("credentials.json", "{\"token\": \"TOP-SECRET-4\"}"),
            Map.entry("keys/service-account-prod.json", "{\"type\": \"service_account\", \"k\": \"TOP-SECRET-5\"}"),
            Map.entry("app/release.jks", "TOP-SECRET-6"),
            Map.entry("app/debug.keystore", "TOP-SECRET-7"),
            Map.entry(".vault-token", "TOP-SECRET-8"),
            Map.entry("ops/kubeconfig", "token: TOP-SECRET-9"),
            Map.entry("web/.htpasswd", "admin:TOP-SECRET-10"),
            Map.entry("k8s/secrets.yaml", "password: TOP-SECRET-11"),
            Map.entry(".dockercfg", "TOP-SECRET-12"),
            Map.entry("site/wp-config.php", "define('DB_PASSWORD', 'TOP-SECRET-13');"),
            Map.entry("src/main/resources/application.properties", "spring.datasource.password=TOP-SECRET-14\nserver.port=8080"),
            Map.entry("env.production", "KEY=TOP-SECRET-15"),
            Map.entry(".env_prod", "KEY=TOP-SECRET-16"),
            Map.entry(".envrc", "export KEY=TOP-SECRET-17"),
            Map.entry(".config/gcloud/credentials.db", "TOP-SECRET-18"),
            Map.entry(".yarnrc.yml", "npmAuthToken: TOP-SECRET-19"),
            Map.entry("docs/deploy.txt", "notes\n-----BEGIN OPENSSH PRIVATE KEY-----\nTOP-SECRET-20\n-----END OPENSSH PRIVATE KEY-----"),
            Map.entry("scripts/ci.sh", "export GH=ghp_TOPSECRET21abcdefghijklmnopqrstuvwxyz0123"),
            Map.entry("config/settings.yml", "api_key: TOP-SECRET-22xyz"));

    @Test
    void secretsOfEveryEcosystemAndSecretsByContentAreMaskedToo() throws IOException {
        for (var e : MORE_SECRETS.entrySet()) {
            Files.createDirectories(workspace.resolve(e.getKey()).getParent());
            Files.writeString(workspace.resolve(e.getKey()), e.getValue() + "\n");
        }
        Files.writeString(workspace.resolve("src/main/resources/messages.properties"), "greeting=hello\n");

        var result = sh("find . -type f -not -path './.git/*' | while read f; do echo \"== $f\"; head -c 300 \"$f\"; done");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("greeting=hello").doesNotContain("TOP-SECRET").doesNotContain("TOPSECRET");
        var scope = cli.run("scope", "--workspace", workspace.toString());
        assertThat(scope.out()).contains("docs/deploy.txt (a private key block)", "scripts/ci.sh (a GitHub token)",
                "application.properties (a password in a configuration file)");
    }

    /** In a SHA-256 repository too: its index entries are longer, and a misread index would hide the tracked file. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sha1", "sha256"})
    void aRoutineCommitLeavesAMaskedFileThatGitTracksAsItWasAndReadingItThroughGitIsAsked(String objectFormat) throws Exception {
        Path repo = Files.createTempDirectory(outside, "repo");
        Files.writeString(repo.resolve(".env"), "TOKEN=TOP-SECRET-TRACKED\n");
        Files.writeString(repo.resolve("app.txt"), "v1\n");
        hostGit(repo, "init", "-q", "--object-format=" + objectFormat);
        hostGit(repo, "add", "-A");
        hostGit(repo, "-c", "user.name=u", "-c", "user.email=u@x.test", "commit", "-qm", "first");

        var args = new java.util.ArrayList<>(List.of("run", "--no-retry", "--workspace", repo.toString(), "--"));
        args.addAll(dev.airlock.testing.Scripts.opaque("echo v2 > app.txt && git add -A && "
                + "git -c user.name=a -c user.email=a@b.test commit -qm change && git show --name-only --format=%s HEAD"));
        var result = cli.run(args.toArray(String[]::new));

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("change", "app.txt").doesNotContain(".env");
        assertThat(result.err()).contains("git tracks masked files (.env)");
        assertThat(hostGit(repo, "show", "HEAD:.env")).isEqualTo("TOKEN=TOP-SECRET-TRACKED\n");
        assertThat(hostGit(repo, "diff", "--name-only", "HEAD~1", "HEAD")).isEqualTo("app.txt\n");
        assertThat(hostGit(repo, "ls-files", "-v")).as("no skip-worktree flag is left behind").doesNotContain("S ");
        assertThat(Files.readString(repo.resolve(".env"))).isEqualTo("TOKEN=TOP-SECRET-TRACKED\n");

        var scope = cli.run("scope", "--workspace", repo.toString());
        assertThat(scope.out()).contains("in git", ".env", "readable through git");
        var log = cli.run("run", "--approver", "deny", "--workspace", repo.toString(), "--", "git", "log", "-p");
        assertThat(log.exit()).as(log.toString()).isEqualTo(77);
        assertThat(log.out() + log.err()).doesNotContain("TOP-SECRET-TRACKED").contains("reads-secret");
    }

    private static String hostGit(Path repo, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void writingRemovingOrRenamingAMaskedFileFailsAndTheHostFileIsUntouched() {
        Map<String, String> before = Trees.snapshot(workspace);

        var result = sh("for f in " + String.join(" ", SECRETS) + "; do echo pwned > \"$f\"; rm -f \"$f\"; mv \"$f\" \"$f.x\"; done; "
                + "echo pwned > .aws/new; echo end");

        assertThat(result.out()).isEqualTo("end\n");
        assertThat(result.err()).contains("Read-only file system").contains("Device or resource busy");
        assertThat(Trees.snapshot(workspace)).isEqualTo(before);
    }

    @Test
    void symlinksAndHardLinksCannotReachAMaskedFileOrTheHost() throws IOException {
        Files.createSymbolicLink(workspace.resolve("alias-of-env"), Path.of(".env"));
        Files.createSymbolicLink(workspace.resolve("to-host"), outside.resolve("host-secret.txt"));
        Files.createSymbolicLink(workspace.resolve("up-and-out"), workspace.relativize(outside.resolve("host-secret.txt")));
        Files.createLink(workspace.resolve("innocent-name.txt"), workspace.resolve(".env"));

        var result = sh("cat alias-of-env to-host up-and-out innocent-name.txt; ln -s /etc/shadow mine; cat mine; "
                + "cat " + outside.resolve("host-secret.txt") + "; ls ../; echo end");

        assertThat(result.out()).doesNotContain("TOP-SECRET").doesNotContain("HOST-ONLY").endsWith("end\n");
        assertThat(result.err()).contains("to-host: No such file or directory").contains("up-and-out: No such file or directory");
    }

    @Test
    void aHostVariableIsPassedOnlyWhenNamedWithEnv() {
        var named = cli.env("DEPLOY_TOKEN", "tok-123").env("OTHER_TOKEN", "tok-456")
                .run("run", "--env", "DEPLOY_TOKEN", "--workspace", workspace.toString(), "--", "env");

        assertThat(named.out()).contains("DEPLOY_TOKEN=tok-123").doesNotContain("tok-456");
    }
}
