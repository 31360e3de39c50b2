package dev.airlock.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    private final Addresses none = Addresses.of(Set.of());

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|a loopback address",
            "127.255.0.9|a loopback address",
            "::1|a loopback address",
            "10.1.2.3|a private address",
            "172.16.0.1|a private address",
            "172.31.255.255|a private address",
            "192.168.1.1|a private address",
            "fd12:3456::1|a private (unique local) address",
            "169.254.1.1|a link-local address",
            "fe80::1|a link-local address",
            "100.64.0.1|a carrier-grade NAT address",
            "100.127.255.254|a carrier-grade NAT address",
            "169.254.169.254|a cloud metadata address",
            "169.254.170.2|a cloud metadata address",
            "100.100.100.200|a cloud metadata address",
            "fd00:ec2::254|a cloud metadata address",
            "224.0.0.1|a multicast address",
            "ff02::1|a multicast address",
            "0.0.0.0|an unspecified address",
            "::|an unspecified address",
            "255.255.255.255|the broadcast address",
            "240.0.0.1|a reserved address",
            "64:ff9b::7f00:1|a loopback address",
            "64:ff9b::a9fe:a9fe|a cloud metadata address",
            "2002:7f00:1::1|a loopback address",
            "2002:c0a8:101::1|a private address",
            "::7f00:1|an IPv4-compatible IPv6 address",
    })
    void nonPublicAddressesAreForbidden(String address, String why) throws Exception {
        String literal = address.contains(":") ? "[" + address + "]" : address;
        assertThat(none.forbidden(InetAddress.getByName(literal))).contains(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
            "64:ff9b::5db8:d822", "2002:5db8:d822::1"})
    void publicAddressesPass(String address) throws Exception {
        String literal = address.contains(":") ? "[" + address + "]" : address;
        assertThat(none.forbidden(InetAddress.getByName(literal))).isEmpty();
    }

    @Test
    void theHostsOwnAddressesAreForbidden() throws Exception {
        InetAddress own = InetAddress.getByName("198.51.100.7");
        assertThat(Addresses.of(Set.of(own)).forbidden(own)).contains("an address of this host");
        assertThat(none.forbidden(own)).isEmpty();
    }
}
