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

    @ParameterizedTest(name = "{0}:{1} -> {2}")
    @CsvSource({"origin.test, 443, origin.test", "origin.test, 80, origin.test", "Origin.test, 8080, origin.test:8080"})
    void aLiveQuestionGrantsTheHostAndThePortThePersonSaw(String host, int port, String entry) {
        assertThat(HostNames.grantEntry(host, port)).isEqualTo(entry);
    }

    @ParameterizedTest(name = "{0} lets {1}:{2} through: {3}")
    @CsvSource({
        "origin.test:8080, origin.test, 8080, true",
        "origin.test:8080, origin.test, 8081, false",
        "origin.test, origin.test, 443, true",
        "origin.test, origin.test, 8080, false",
        "*.example.test, a.example.test, 443, true",
        "not a host!, example.com, 443, false",
    })
    void entriesAllowHostAndPort(String entry, String host, int port, boolean expected) {
        assertThat(HostNames.allows(entry, host, port)).isEqualTo(expected);
    }
}
