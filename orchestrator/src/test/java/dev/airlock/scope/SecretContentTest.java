package dev.airlock.scope;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A file's content can make it a secret whatever its name; ordinary text and placeholders do not. */
class SecretContentTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path root;
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path outside;

    /** A folder swapped for a link after the walk saw a file there: the read leads to no host file. */
    @org.junit.jupiter.api.Test
    void aFolderSwappedForALinkAfterTheWalkIsNotReadThrough() throws Exception {
        java.nio.file.Files.createDirectories(root.resolve("dir"));
        java.nio.file.Files.writeString(root.resolve("dir/key.txt"), "plain text");
        var seen = java.nio.file.Files.readAttributes(root.resolve("dir/key.txt"),
                java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        java.nio.file.Files.writeString(outside.resolve("key.txt"), "-----BEGIN PRIVATE KEY-----");
        java.nio.file.Files.delete(root.resolve("dir/key.txt"));
        java.nio.file.Files.delete(root.resolve("dir"));
        java.nio.file.Files.createSymbolicLink(root.resolve("dir"), outside);

        assertThat(SecretContent.of(root, "dir/key.txt", seen)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aHardLinkedSecretIsStillReadForWhatItHolds() throws Exception {
        java.nio.file.Files.writeString(root.resolve("deploy.txt"), "-----BEGIN OPENSSH PRIVATE KEY-----\nabc");
        java.nio.file.Files.createLink(root.resolve("copy.txt"), root.resolve("deploy.txt"));
        var seen = java.nio.file.Files.readAttributes(root.resolve("copy.txt"),
                java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);

        assertThat(SecretContent.of(root, "copy.txt", seen)).contains("a private key block");
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            deploy.txt            | notes -----BEGIN RSA PRIVATE KEY----- abc                 | a private key block
            key.txt               | -----BEGIN PRIVATE KEY-----                             | a private key block
            backup.asc            | -----BEGIN PGP PRIVATE KEY BLOCK-----                   | a private key block
            run.sh                | export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP           | an AWS access key
            ci.yml                | token: ghp_abcdefghijklmnopqrstuvwxyz0123456789           | a GitHub token
            notes.md              | glpat-abcdefghijklmnopqrstu                             | a GitLab token
            bot.js                | const t = 'xoxb-1234567890-abcdef';                     | a Slack token
            web.js                | key = "AIzaSyA1234567890abcdefghijklmnopqrstuv"          | a Google API key
            sa.json               | {"type": "service_account"}                             | a Google service account key
            pay.py                | sk_live_abcdefghijklmnopqrstuvwx                        | a Stripe live key
            llm.py                | sk-ant-api03-abcdefghijklmnopqrstuvwxyz                 | an Anthropic API key
            app.properties        | spring.datasource.password=hunter2hunter2               | a password in a configuration file
            config.yaml           | db:\\n  password: "s3cr3t-value"                         | a password in a configuration file
            settings.ini          | API_KEY = abcdef123456                                  | a password in a configuration file
            """)
    void secretsAreFoundByWhatTheFileHolds(String name, String text, String what) {
        assertThat(SecretContent.judge(name, text.replace("\\n", "\n"))).contains(what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            README.md             | set password: hunter2hunter2 in your config
            app.properties        | spring.datasource.password=${DB_PASSWORD}
            config.yaml           | password: changeme
            config.yaml           | password:
            settings.ini          | password = <your password here>
            Login.java            | String password = request.get("password");
            public.pem.txt        | -----BEGIN PUBLIC KEY-----
            cert.txt              | -----BEGIN CERTIFICATE-----
            app.properties        | server.port=8080
            """)
    void ordinaryTextAndPlaceholdersAreNotSecrets(String name, String text) {
        assertThat(SecretContent.judge(name, text)).isEmpty();
    }
}
