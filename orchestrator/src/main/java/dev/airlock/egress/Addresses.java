package dev.airlock.egress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which resolved addresses the proxy will not dial: everything that is not the public internet (loopback,
 * private, link-local, CGNAT, multicast, reserved), cloud metadata endpoints and the host's own addresses.
 */
final class Addresses {

    private record Range(byte[] prefix, int bits, String what) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    // first match wins: the specific names (metadata, broadcast) come before the ranges that contain them
    private static final List<Range> RANGES = List.of(
            range("169.254.169.254/32", "a cloud metadata address"),
            range("169.254.170.2/32", "a cloud metadata address"),
            range("100.100.100.200/32", "a cloud metadata address"),
            range("192.0.0.192/32", "a cloud metadata address"),
            range("fd00:ec2::254/128", "a cloud metadata address"),
            range("255.255.255.255/32", "the broadcast address"),
            range("0.0.0.0/8", "an unspecified address"),
            range("10.0.0.0/8", "a private address"),
            range("100.64.0.0/10", "a carrier-grade NAT address"),
            range("127.0.0.0/8", "a loopback address"),
            range("169.254.0.0/16", "a link-local address"),
            range("172.16.0.0/12", "a private address"),
            range("192.0.0.0/24", "an IETF protocol address"),
            range("192.168.0.0/16", "a private address"),
            range("198.18.0.0/15", "a benchmarking address"),
            range("224.0.0.0/4", "a multicast address"),
            range("240.0.0.0/4", "a reserved address"),
            range("::/128", "an unspecified address"),
            range("::1/128", "a loopback address"),
            range("::/96", "an IPv4-compatible IPv6 address"),
            range("100::/64", "a discard-only address"),
            range("64:ff9b:1::/48", "a local NAT64 address"),
            range("2001::/32", "a Teredo address"),
            range("fc00::/7", "a private (unique local) address"),
            range("fe80::/10", "a link-local address"),
            range("fec0::/10", "a site-local address"),
            range("ff00::/8", "a multicast address"));

    private static final Range MAPPED = new Range(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
            0, 0, 0, 0}, 96, "");
    private static final Range NAT64 = range("64:ff9b::/96", "");
    private static final Range SIX_TO_FOUR = range("2002::/16", "");

    private final Set<String> own;

    private Addresses(Set<String> own) {
        this.own = Set.copyOf(own);
    }

    /** With the addresses of this host's interfaces, as they are now. */
    static Addresses ofThisHost() {
        Set<String> own = new HashSet<>();
        try {
            NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .forEach(a -> own.add(key(a.getAddress())));
        } catch (SocketException e) {
            // without the list, loopback/private/link-local still cover the usual interface addresses
        }
        return new Addresses(own);
    }

    static Addresses of(Set<InetAddress> own) {
        Set<String> keys = new HashSet<>();
        own.forEach(a -> keys.add(key(a.getAddress())));
        return new Addresses(keys);
    }

    /** Why the proxy will not dial this address ({@code "a loopback address"}), or empty when it may. */
    Optional<String> forbidden(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range r : RANGES) {
            if (r.contains(bytes)) {
                return Optional.of(r.what());
            }
        }
        // addresses that carry an IPv4 address inside are judged by it
        if (MAPPED.contains(bytes) || NAT64.contains(bytes)) {
            return forbidden(v4(Arrays.copyOfRange(bytes, 12, 16)));
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return forbidden(v4(Arrays.copyOfRange(bytes, 2, 6)));
        }
        return own.contains(key(bytes)) ? Optional.of("an address of this host") : Optional.empty();
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(byte[] bytes) {
        if (bytes.length == 16 && Arrays.equals(Arrays.copyOf(bytes, 12),
                new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff})) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        return Arrays.toString(bytes);
    }

    private static Range range(String cidr, String what) {
        int slash = cidr.indexOf('/');
        InetAddress base = Hosts.parse(cidr.substring(0, slash)).address().orElseThrow();
        byte[] prefix = base.getAddress();
        if (cidr.contains(":") && base instanceof Inet4Address) {
            throw new IllegalStateException(cidr);
        }
        return new Range(prefix, Integer.parseInt(cidr.substring(slash + 1)), what);
    }
}
