package dev.airlock.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainRequestTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            registry.npmjs.org,        registry.npmjs.org
            Registry.NPMJS.org.,       registry.npmjs.org
            *.example.test,            *.example.test
            bücher.example,            xn--bcher-kva.example
            api_v2.example.test,       api_v2.example.test
            localhost,
            10.0.0.1,
            https://example.test,
            example.test:443,
            example.test/path,
            '[::1]',
            *,
            *.,
            a..b,
            """)
    void domainsAreHostNamesNormalisedAsGrantsHoldThem(String raw, String expected) {
        assertThat(DomainRequest.domain(raw)).isEqualTo(Optional.ofNullable(expected));
    }
}
