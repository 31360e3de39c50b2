package dev.airlock.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostsTest {

    @ParameterizedTest(name = "{0} is the address {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|127.0.0.1",
            "127.1|127.0.0.1",
            "127.0.1|127.0.0.1",
            "0x7f.0.0.1|127.0.0.1",
            "0x7F.1|127.0.0.1",
            "0177.0.0.1|127.0.0.1",
            "0177.0.0.01|127.0.0.1",
            "2130706433|127.0.0.1",
            "0x7f000001|127.0.0.1",
            "017700000001|127.0.0.1",
            "0x7f.0.0x0.1|127.0.0.1",
            "127.000.000.001|127.0.0.1",
            "127.0.0.1.|127.0.0.1",
            "１２７.０.０.１|127.0.0.1",
            "169.254.43518|169.254.169.254",
            "[::ffff:127.0.0.1]|127.0.0.1",
            "[::ffff:7f00:1]|127.0.0.1",
            "[0:0:0:0:0:ffff:7f00:1]|127.0.0.1",
            "[::1]|::1",
            "::1|::1",
            "[0:0:0:0:0:0:0:1]|::1",
            "[fe80::1%eth0]|fe80::1",
            "[fe80::1%25eth0]|fe80::1",
            "fe80::1%eth0|fe80::1",
            "[FD00:EC2::254]|fd00:ec2::254",
            "[2001:db8:0:0:1:0:0:1]|2001:db8::1:0:0:1",
    })
    void ipLiteralSpellingsAreRecognisedAsTheirAddress(String raw, String canonical) {
        Hosts.Host host = Hosts.parse(raw);

        assertThat(host.isIpLiteral()).isTrue();
        assertThat(host.name()).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0} is the name {1}")
    @CsvSource(delimiter = '|', value = {
            "Example.COM|example.com",
            "example.com.|example.com",
            "bücher.test|xn--bcher-kva.test",
            "BÜCHER.test.|xn--bcher-kva.test",
            "a.example。com|a.example.com",
            "ＥＸＡＭＰＬＥ.com|example.com",
            "_acme.example.com|_acme.example.com",
            "1.2.3.4.example.com|1.2.3.4.example.com",
            "0x7f.example|0x7f.example",
            "localhost|localhost",
    })
    void namesAreCanonical(String raw, String canonical) {
        Hosts.Host host = Hosts.parse(raw);

        assertThat(host.isIpLiteral()).isFalse();
        assertThat(host.name()).isEqualTo(canonical);
    }

    @Test
    void aResolveMappingTakesANameAndAnAddressLiteral() throws Exception {
        assertThat(Pin.parse("Mirror.Test.=0x0a.5")).isEqualTo(new Pin("mirror.test", InetAddress.getByName("10.0.0.5")));
        assertThat(Pin.parse("v6.test=[::1]").address()).isEqualTo(InetAddress.getByName("::1"));
        for (String bad : List.of("mirror.test", "mirror.test=", "=10.0.0.5", "mirror.test=other.test")) {
            assertThatThrownBy(() -> Pin.parse(bad)).isInstanceOfSatisfying(AirlockException.class,
                    e -> assertThat(e.getMessage()).contains("'" + bad + "'"));
        }
    }

    @ParameterizedTest(name = "{0} is no host")
    @ValueSource(strings = {"", ".", "a..b", "example.com..", "1.2.3.256", "1.2.3.4.5", "08.0.0.1", "0x1g.0.0.1",
            "256.1", "4294967296", "example.123", "a b.test", "a/b.test", "-a.test", "[::1", "[example.com]",
            "[::1]x", "[zzz::1]", "a%2e.test", "*.test", "user@host.test"})
    void malformedHostsAreRejected(String raw) {
        assertThatThrownBy(() -> Hosts.parse(raw)).isInstanceOf(IllegalArgumentException.class);
    }
}
