package dev.airlock.assess;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class UrlsTest {

    @ParameterizedTest
    @CsvSource(textBlock = """
            https://api.github.com/repos, api.github.com
            HTTP://Example.COM.:8080/x, example.com
            https://user:pw@host.example.org/, host.example.org
            ssh://git@git.example.org:2222/r.git, git.example.org
            git@github.com:acme/app.git, github.com
            example.com/path, example.com
            localhost:3000, localhost
            127.0.0.1:8080/x, 127.0.0.1
            http://[::1]:9000/, ::1
            file:///etc/passwd, ''
            build/output.txt, ''
            1.5, ''
            https://$HOST/x, ''
            """)
    void hostsAreFoundInUrlsAndRemotes(String text, String host) {
        assertThat(Urls.host(text).orElse("")).isEqualTo(host);
    }
}
