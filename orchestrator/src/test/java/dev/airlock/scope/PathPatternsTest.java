package dev.airlock.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternsTest {

    @ParameterizedTest(name = "{0} ~ {1} (dir {2}) -> {3}")
    @CsvSource({
        ".env, .env, false, true",
        ".env, app/config/.env, false, true",
        ".env, .envrc, false, false",
        ".env.*, .env.local, false, true",
        ".env.*, app/.env.production, false, true",
        "*.pem, certs/server.pem, false, true",
        "*.pem, server.pem.txt, false, false",
        "id_rsa*, deploy/id_rsa.pub, false, true",
        ".aws/, .aws, true, true",
        ".aws/, .aws, false, false",
        ".aws/, home/.aws, true, true",
        ".docker/config.json, .docker/config.json, false, true",
        ".docker/config.json, x/.docker/config.json, false, true",
        ".docker/config.json, config.json, false, false",
        "/secrets/, secrets, true, true",
        "/secrets/, app/secrets, true, false",
        "**/*.key, a/b/c.key, false, true",
        "build/**/out, build/x/y/out, false, true",
        "?.txt, a.txt, false, true",
        "?.txt, ab.txt, false, false",
        "a+b(c).txt, a+b(c).txt, false, true",
    })
    void globsMatchAtAnyDepthUnlessAnchored(String glob, String path, boolean dir, boolean expected) {
        assertThat(PathPatterns.of(List.of(glob)).matches(path, dir)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aMaskMatchesUnderAFolderWhoseNameHoldsANewline() {
        assertThat(PathPatterns.of(List.of(".env")).matches("x\ny/.env", false)).isTrue();
        assertThat(PathPatterns.of(List.of("build/**/out")).matches("build/a\nb/out", false)).isTrue();
        assertThat(PathPatterns.of(List.of("*.pem")).matches("a\nb.pem", false)).isTrue();
    }
}
