package dev.airlock.egress;

import com.google.common.net.InternetDomainName;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a host name really is, for a person about to approve it: its punycode and Unicode forms side by side,
 * and what no one should approve blind (a wildcard over a public suffix, a cloud metadata or private-network
 * name, an IP address hidden in a name, letters of several scripts in one label). The public suffixes come
 * from the maintained list Guava ships, not a hand-written one.
 *
 * @param entry    the canonical entry ({@code *.example.com} or {@code example.com}), punycode
 * @param unicode  the same as a person reads it
 * @param warnings what the person should know before saying yes
 * @param refusal  why no one may be asked about it at all; empty when a person may decide
 */
public record HostFacts(String entry, String unicode, List<String> warnings, Optional<String> refusal) {

    /** Wildcard DNS services that answer with the address written in the name (DNS rebinding made easy). */
    private static final Set<String> ADDRESS_IN_NAME_SERVICES = Set.of("nip.io", "sslip.io", "xip.io", "nip.direct",
            "traefik.me", "backname.io", "ip.addr.tools");
    /** Public names that resolve to loopback. */
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "localtest.me", "lvh.me", "vcap.me",
            "localhost.direct");
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.tencentyun.com", "metadata.platformequinix.com",
            "kubernetes.default.svc", "kubernetes.default");
    /** Top-level names for private networks (RFC 6762, RFC 8375, ICANN's .internal, and common use). */
    private static final Set<String> PRIVATE_SUFFIXES = Set.of("local", "localhost", "internal", "home.arpa", "lan",
            "intranet", "corp", "home", "localdomain", "svc", "cluster.local", "in-addr.arpa", "ip6.arpa");

    public HostFacts {
        warnings = List.copyOf(warnings);
    }

    /** The facts of a domain entry as grants hold it (lower case, punycode, maybe {@code *.}). */
    public static HostFacts of(String entry) {
        String e = entry.strip().toLowerCase(Locale.ROOT);
        boolean wildcard = e.startsWith("*.");
        String name = wildcard ? e.substring(2) : e;
        String unicode = (wildcard ? "*." : "") + IDN.toUnicode(name, IDN.ALLOW_UNASSIGNED);
        List<String> warnings = new ArrayList<>();
        Optional<String> refusal = Optional.empty();

        if (!unicode.equals(e)) {
            warnings.add("an international name: " + e + " is shown as " + unicode);
        }
        mixedScripts(name).ifPresent(warnings::add);

        Optional<String> suffix = publicSuffix(name);
        if (wildcard && suffix.isPresent() && suffix.get().equals(name)) {
            refusal = Optional.of(e + " covers every name under the public suffix " + name
                    + " (every registrant's domains); name the domain the task needs");
        } else if (wildcard && !name.contains(".")) {
            refusal = Optional.of(e + " covers a whole top-level name; name the domain the task needs");
        }
        if (METADATA_NAMES.contains(name)) {
            refusal = refusal.or(() -> Optional.of(name + " is a cloud metadata name: it hands out the machine's credentials"));
        }
        for (String p : PRIVATE_SUFFIXES) {
            if (name.equals(p) || name.endsWith("." + p)) {
                refusal = refusal.or(() -> Optional.of(name + " is a private-network name (." + p + "): it cannot lead "
                        + "to the internet, and the proxy never dials private addresses"));
            }
        }
        if (LOOPBACK_NAMES.contains(name) || LOOPBACK_NAMES.stream().anyMatch(l -> name.endsWith("." + l))) {
            refusal = refusal.or(() -> Optional.of(name + " resolves to this machine (a loopback address)"));
        }
        for (InetAddress hidden : addressesIn(name)) {
            String shown = Hosts.format(hidden);
            Optional<String> forbidden = Addresses.of(Set.of()).forbidden(hidden);
            if (forbidden.isPresent()) {
                refusal = refusal.or(() -> Optional.of(name + " names the IP address " + shown + ", " + forbidden.get()
                        + " (services such as nip.io resolve such names to it)"));
            } else {
                warnings.add("the name holds the IP address " + shown + " (services such as nip.io resolve such names to it)");
            }
        }
        ADDRESS_IN_NAME_SERVICES.stream().filter(s -> name.equals(s) || name.endsWith("." + s)).findFirst()
                .ifPresent(s -> warnings.add(s + " answers with whatever address the name spells: the host is not who the name says"));
        return new HostFacts(e, unicode, warnings, refusal);
    }

    /** The name as a person should see it: punycode, and the Unicode form beside it when they differ. */
    public String shown() {
        return unicode.equals(entry) ? entry : entry + " (shown as " + unicode + ")";
    }

    private static Optional<String> publicSuffix(String name) {
        try {
            if (!InternetDomainName.isValid(name)) {
                return Optional.empty();
            }
            InternetDomainName d = InternetDomainName.from(name);
            return d.hasPublicSuffix() ? Optional.of(d.publicSuffix().toString()) : Optional.empty();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** A label whose letters come from more than one script (Latin with Cyrillic, say) is a common disguise. */
    private static Optional<String> mixedScripts(String asciiName) {
        for (String label : asciiName.split("\\.")) {
            String u = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
            Set<Character.UnicodeScript> scripts = new LinkedHashSet<>();
            u.codePoints().filter(Character::isLetter).forEach(c -> {
                Character.UnicodeScript s = Character.UnicodeScript.of(c);
                if (s != Character.UnicodeScript.COMMON && s != Character.UnicodeScript.INHERITED) {
                    scripts.add(s);
                }
            });
            if (scripts.size() > 1) {
                return Optional.of("the label \"" + u + "\" mixes letters of " + String.join(" and ",
                        scripts.stream().map(s -> s.name().charAt(0) + s.name().substring(1).toLowerCase(Locale.ROOT)).toList())
                        + ": it may imitate another name (really " + label + ")");
            }
            if (scripts.size() == 1 && !scripts.contains(Character.UnicodeScript.LATIN)
                    && u.codePoints().allMatch(c -> !Character.isLetter(c) || LOOKALIKES.indexOf(c) >= 0)) {
                return Optional.of("the label \"" + u + "\" is written only with letters that look Latin: it may imitate "
                        + "another name (really " + label + ")");
            }
        }
        return Optional.empty();
    }

    /** Cyrillic and Greek letters that look like Latin ones, for names spelt wholly in them ("аррӏе"). */
    private static final String LOOKALIKES = "аеорсухіјѕԁһӏԛԝвкмнтАВЕКМНОРСТХУІЈЅαβεικνορτυχοΑΒΕΖΗΙΚΜΝΟΡΤΥΧ";

    /** IP addresses spelt inside a name: dotted ({@code 10.0.0.1.nip.io}), dashed, or as one hex number. */
    static List<InetAddress> addressesIn(String name) {
        String[] labels = name.split("\\.");
        List<InetAddress> found = new ArrayList<>();
        for (int i = 0; i + 4 <= labels.length; i++) {
            octets(labels[i], labels[i + 1], labels[i + 2], labels[i + 3]).ifPresent(found::add);
        }
        for (String label : labels) {
            String[] dashed = label.split("-");
            for (int i = 0; i + 4 <= dashed.length; i++) {
                octets(dashed[i], dashed[i + 1], dashed[i + 2], dashed[i + 3]).ifPresent(found::add);
            }
            String hex = label.startsWith("0x") ? label.substring(2) : label;
            if ((label.startsWith("0x") || label.length() == 8) && hex.length() == 8
                    && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0) && hex.chars().anyMatch(Character::isDigit)) {
                long v = Long.parseLong(hex, 16);
                found.add(v4((int) v));
            }
        }
        return found.stream().distinct().toList();
    }

    private static Optional<InetAddress> octets(String a, String b, String c, String d) {
        int[] out = new int[4];
        String[] parts = {a, b, c, d};
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            out[i] = Integer.parseInt(parts[i]);
            if (out[i] > 255) {
                return Optional.empty();
            }
        }
        return Optional.of(v4((out[0] << 24) | (out[1] << 16) | (out[2] << 8) | out[3]));
    }

    private static InetAddress v4(int v) {
        try {
            return InetAddress.getByAddress(new byte[]{(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
