package dev.airlock.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.IDN;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Names no person should approve blind are refused, and the rest are shown as what they really are. */
class HostFactsTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            *.co.uk                    | public suffix co.uk
            *.com                      | public suffix com
            *.github.io                | public suffix github.io
            *.uk                       | public suffix uk
            metadata.google.internal   | cloud metadata name
            metadata.goog              | cloud metadata name
            instance-data.ec2.internal | cloud metadata name
            db.internal                | private-network name
            printer.local              | private-network name
            localhost                  | private-network name
            app.localtest.me           | loopback
            0x7f000001.nip.io          | 127.0.0.1, a loopback address
            127.0.0.1.nip.io           | 127.0.0.1, a loopback address
            10-0-0-1.sslip.io          | 10.0.0.1, a private address
            magic-169-254-169-254.nip.io | 169.254.169.254, a cloud metadata address
            7f000001.example.test      | 127.0.0.1, a loopback address
            *.githubusercontent.com    | public suffix githubusercontent.com
            """)
    void namesNoPersonShouldApproveBlindAreRefusedSayingWhy(String entry, String why) {
        HostFacts facts = HostFacts.of(entry);

        assertThat(facts.refusal()).as(entry).isPresent();
        assertThat(facts.refusal().get()).contains(why);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"registry.npmjs.org", "*.npmjs.org", "*.example.co.uk", "files.pythonhosted.org",
        "github.com", "raw.githubusercontent.com", "origin.test"})
    void ordinaryNamesMayBeAskedAbout(String entry) {
        HostFacts facts = HostFacts.of(entry);

        assertThat(facts.refusal()).as(entry).isEmpty();
        assertThat(facts.warnings()).as(entry).isEmpty();
        assertThat(facts.shown()).isEqualTo(entry);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pаypal.com", "gооgle.com", "аррӏе.com"})
    void homoglyphNamesAreShownInBothFormsWithAWarning(String unicode) {
        String ascii = IDN.toASCII(unicode, IDN.ALLOW_UNASSIGNED);

        HostFacts facts = HostFacts.of(ascii);

        assertThat(facts.shown()).contains(ascii).contains(unicode);
        assertThat(facts.warnings()).anySatisfy(w -> assertThat(w).containsAnyOf("mixes letters of", "only with letters that look Latin"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"8.8.8.8.nip.io", "app-93-184-216-34.sslip.io"})
    void aPublicAddressInANameIsAWarningNotARefusal(String entry) {
        HostFacts facts = HostFacts.of(entry);

        assertThat(facts.refusal()).isEmpty();
        assertThat(facts.warnings()).anySatisfy(w -> assertThat(w).contains("holds the IP address"));
        assertThat(facts.warnings()).anySatisfy(w -> assertThat(w).contains("answers with whatever address the name spells"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"münchen.example", "bücher.example"})
    void anInternationalNameOfOneScriptIsShownInBothForms(String unicode) {
        HostFacts facts = HostFacts.of(IDN.toASCII(unicode));

        assertThat(facts.refusal()).isEmpty();
        assertThat(facts.shown()).contains("xn--").contains(unicode);
    }
}
