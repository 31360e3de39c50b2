package dev.airlock.egress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The planner and the grants compare names as the proxy does. */
class HostNamesTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        "registry.npmjs.org, REGISTRY.npmjs.org., true",
        "*.npmjs.org, registry.npmjs.org, true",
        "*.npmjs.org, npmjs.org, false",
        "*.example.com, evilexample.com, false",
        "origin.test:8443, origin.test, true",
        "origin.test:*, origin.test, true",
        "127.0.0.1, 127.1, true",
        "127.0.0.1, localhost, false",
        "not a host!, example.com, false",
    })
    void entriesMatchNamesWhateverThePort(String entry, String host, boolean expected) {
        assertThat(HostNames.matches(entry, host)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"Example.COM., example.com", "0x7f.0.0.1, 127.0.0.1", "bücher.example, xn--bcher-kva.example"})
    void namesAreCanonical(String host, String canonical) {
        assertThat(HostNames.canonical(host)).isEqualTo(canonical);
    }
}
