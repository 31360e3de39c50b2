package dev.airlock.assess;

import dev.airlock.assess.Locations.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LocationsTest {

    private final Locations locations = new Locations(Settings.defaults());

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource(delimiterString = " | ", textBlock = """
            src/a.py              | /workspace       | INSIDE  | src/a.py
            ./src/../b            | /workspace       | INSIDE  | b
            /workspace/x/y        | /workspace       | INSIDE  | x/y
            /workspace            | /workspace       | INSIDE  | .
            .                     | /workspace/sub   | INSIDE  | sub
            ..                    | /workspace/sub   | INSIDE  | .
            ../x                  | /workspace       | OUTSIDE | ../x
            ../../etc/passwd      | /workspace       | SYSTEM  | ../../etc/passwd
            /etc/hosts            | /workspace       | SYSTEM  | /etc/hosts
            /tmp/out              | /workspace       | SCRATCH | /tmp/out
            /var/tmp/x            | /workspace       | SCRATCH | /var/tmp/x
            /dev/null             | /workspace       | DEVICE  | /dev/null
            /dev/fd/3             | /workspace       | DEVICE  | /dev/fd/3
            /dev/sda              | /workspace       | SYSTEM  | /dev/sda
            /root/.profile        | /workspace       | HOME    | /root/.profile
            /home/u/x             | /workspace       | HOME    | /home/u/x
            ~/.cache              | /workspace       | SCRATCH | ~/.cache
            /home/airlock/.npm    | /workspace       | SCRATCH | /home/airlock/.npm
            ~alice/notes          | /workspace       | HOME    | ~alice/notes
            /srv/data             | /workspace       | OUTSIDE | /srv/data
            /workspaces/other     | /workspace       | OUTSIDE | /workspaces/other
            x                     | /tmp             | SCRATCH | /tmp/x
            """)
    void pathsAreLocatedRelativeToTheWorkingDirectory(String path, String cwd, Kind kind, String display) {
        Locations.Loc l = locations.of(Arg.of(path), cwd);
        assertThat(l.kind()).isEqualTo(kind);
        assertThat(l.display()).isEqualTo(display);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            .env, true
            app/.env, true
            .env.production, true
            .env.example, false
            .env.sample, false
            server.pem, true
            tls/server.key, true
            id_rsa, true
            id_ed25519.pub, false
            ~/.ssh/config, true
            /home/u/.aws/config, true
            .docker/config.json, true
            docker/config.json, false
            .npmrc, true
            /etc/shadow, true
            /etc/passwd, false
            .env*, true
            *.key, true
            src/main.py, false
            environment.ts, false
            keys.md, false
            """)
    void secretNamesAreRecognised(String path, boolean secret) {
        assertThat(locations.secret(path)).isEqualTo(secret);
    }
}
