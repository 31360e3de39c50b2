package dev.airlock.runtime.docker;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's iptables rules that fence an open-network sandbox's own bridge: traffic it forwards may go to
 * public addresses only (not other containers, private, CGNAT, loopback, link-local, metadata, multicast or
 * reserved ranges), and nothing it sends may reach the host itself (every host address, the gateway included),
 * except the ranges its profile names and DNS to the host's resolvers (the engine's embedded DNS forwards from
 * inside the container). Rejections are ICMP "administratively prohibited": fast, and plain about why.
 *
 * <p>Layout: {@code DOCKER-USER -> AIRLOCK-FORWARD -i <bridge> -> AIRLOCK-F-<suffix>} and
 * {@code INPUT -> AIRLOCK-INPUT -i <bridge> -> AIRLOCK-I-<suffix>}, one pair of chains per bridge, removed with it.
 */
final class Firewall {

    static final String BRIDGE_PREFIX = "alk-";
    static final String FORWARD = "AIRLOCK-FORWARD";
    static final String INPUT = "AIRLOCK-INPUT";
    private static final Pattern BRIDGE = Pattern.compile(BRIDGE_PREFIX + "([0-9a-f]{10})");
    private static final Pattern RULE_BRIDGE = Pattern.compile(" -i (" + BRIDGE.pattern() + ") ");
    private static final Pattern NAMESERVER = Pattern.compile("^\\s*nameserver\\s+(\\d{1,3}(?:\\.\\d{1,3}){3})\\s*$", Pattern.MULTILINE);
    private static final String REJECT = "icmp-admin-prohibited";

    /** Everything that is not the public internet, for IPv4 (the sandbox has no IPv6: the engine disables it). */
    static final List<String> BLOCKED = List.of(
            "0.0.0.0/8",        // "this" network
            "10.0.0.0/8",       // RFC 1918
            "100.64.0.0/10",    // CGNAT (also Alibaba's metadata at 100.100.100.200)
            "127.0.0.0/8",      // loopback
            "169.254.0.0/16",   // link-local, cloud metadata at 169.254.169.254
            "172.16.0.0/12",    // RFC 1918, the engine's bridges
            "192.0.0.0/24",     // IETF protocol assignments
            "192.0.2.0/24",     // TEST-NET-1
            "192.88.99.0/24",   // 6to4 relay anycast
            "192.168.0.0/16",   // RFC 1918
            "198.18.0.0/15",    // benchmarking
            "198.51.100.0/24",  // TEST-NET-2
            "203.0.113.0/24",   // TEST-NET-3
            "224.0.0.0/4",      // multicast
            "240.0.0.0/4");     // reserved, broadcast

    /** Runs iptables with arguments; returns its exit status and what it printed (stdout and stderr). */
    interface Iptables {
        Result run(List<String> args);

        record Result(int exit, String output) {
            boolean ok() {
                return exit == 0;
            }
        }
    }

    private final Iptables iptables;
    private final List<String> nameservers;

    Firewall(Iptables iptables, List<String> nameservers) {
        this.iptables = iptables;
        this.nameservers = List.copyOf(nameservers);
    }

    /** The host's iptables, or why there is none Airlock may use (the caller fails closed on it). */
    static Firewall host() {
        return new Firewall(hostIptables(), hostNameservers());
    }

    /** The host's iptables binary, run directly (Airlock is root). */
    static Iptables hostIptables() {
        return Firewall::runHost;
    }

    static String bridgeName(String suffix) {
        if (!suffix.matches("[0-9a-f]{10}")) {
            throw new IllegalArgumentException("a bridge suffix is 10 hex digits");
        }
        return BRIDGE_PREFIX + suffix;
    }

    /** Whether rules can be installed, and if not, why not (said to the user as the reason open network is refused). */
    Optional<String> unavailable() {
        Iptables.Result probe = iptables.run(List.of("-S", "DOCKER-USER"));
        if (probe.ok()) {
            return Optional.empty();
        }
        long uid = new com.sun.security.auth.module.UnixSystem().getUid();
        String why = firstLine(probe.output());
        return Optional.of(uid == 0
                ? "the host's iptables has no DOCKER-USER chain (" + why + "); is the engine running with iptables enabled?"
                : "installing firewall rules needs root, and Airlock runs as uid " + uid + " (" + why + ")");
    }

    /** The rules of one bridge's two chains, in order: pure, so they can be read and tested without a host. */
    static Rules rules(String bridge, List<String> reachable, List<String> nameservers) {
        List<List<String>> forward = new ArrayList<>();
        List<List<String>> input = new ArrayList<>();
        for (String ns : nameservers) {
            for (String proto : List.of("udp", "tcp")) {
                forward.add(List.of("-d", ns + "/32", "-p", proto, "--dport", "53", "-j", "RETURN"));
                input.add(List.of("-d", ns + "/32", "-p", proto, "--dport", "53", "-j", "RETURN"));
            }
        }
        for (String range : reachable) {
            forward.add(List.of("-d", range, "-j", "RETURN"));
            input.add(List.of("-d", range, "-j", "RETURN"));
        }
        for (String range : BLOCKED) {
            forward.add(List.of("-d", range, "-j", "REJECT", "--reject-with", REJECT));
        }
        input.add(List.of("-j", "REJECT", "--reject-with", REJECT));
        return new Rules(bridge, chain("F", bridge), chain("I", bridge), forward, input);
    }

    /** One bridge's chains and their rules. */
    record Rules(String bridge, String forwardChain, String inputChain, List<List<String>> forward, List<List<String>> input) {
    }

    /**
     * Installs the rules of one bridge, then checks they are in place; on any failure removes what it added and
     * throws, so a bridge without its rules is never used.
     */
    void install(String bridge, List<String> reachable) {
        Rules rules = rules(bridge, reachable, nameservers);
        try {
            ensureJump(FORWARD, "DOCKER-USER");
            ensureJump(INPUT, "INPUT");
            fill(rules.forwardChain(), rules.forward());
            fill(rules.inputChain(), rules.input());
            must(List.of("-A", FORWARD, "-i", bridge, "-j", rules.forwardChain()));
            must(List.of("-A", INPUT, "-i", bridge, "-j", rules.inputChain()));
            for (List<String> check : List.of(
                    List.of("-C", "DOCKER-USER", "-j", FORWARD), List.of("-C", "INPUT", "-j", INPUT),
                    List.of("-C", FORWARD, "-i", bridge, "-j", rules.forwardChain()),
                    List.of("-C", INPUT, "-i", bridge, "-j", rules.inputChain()))) {
                must(check);
            }
        } catch (AirlockException e) {
            remove(bridge);
            throw e;
        }
    }

    /** Removes one bridge's rules; what is already gone is no error. */
    void remove(String bridge) {
        String forwardChain = chain("F", bridge);
        String inputChain = chain("I", bridge);
        // a rule added twice (two processes racing) is deleted as often as it is there
        for (int i = 0; i < 8 && iptables.run(List.of("-D", FORWARD, "-i", bridge, "-j", forwardChain)).ok(); i++) {
            // deleted one
        }
        for (int i = 0; i < 8 && iptables.run(List.of("-D", INPUT, "-i", bridge, "-j", inputChain)).ok(); i++) {
            // deleted one
        }
        for (String chain : List.of(forwardChain, inputChain)) {
            iptables.run(List.of("-F", chain));
            iptables.run(List.of("-X", chain));
        }
    }

    /** The bridges Airlock's chains hold rules for (to sweep those whose network is gone). */
    Set<String> bridges() {
        Set<String> out = new LinkedHashSet<>();
        Iptables.Result all = iptables.run(List.of("-S"));
        if (!all.ok()) {
            return out;
        }
        for (String line : all.output().lines().toList()) {
            Matcher jump = RULE_BRIDGE.matcher(line + " ");
            if ((line.startsWith("-A " + FORWARD + " ") || line.startsWith("-A " + INPUT + " ")) && jump.find()) {
                out.add(jump.group(1));
            }
            Matcher chain = Pattern.compile("^-N AIRLOCK-[FI]-([0-9a-f]{10})$").matcher(line);
            if (chain.matches()) {
                out.add(BRIDGE_PREFIX + chain.group(1));
            }
        }
        return out;
    }

    private static String chain(String kind, String bridge) {
        Matcher m = BRIDGE.matcher(bridge);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an Airlock bridge: " + bridge);
        }
        return "AIRLOCK-" + kind + "-" + m.group(1);
    }

    private void ensureJump(String chain, String from) {
        if (!iptables.run(List.of("-S", chain)).ok()) {
            Iptables.Result made = iptables.run(List.of("-N", chain));
            // another Airlock process may have made it a moment ago
            if (!made.ok() && !iptables.run(List.of("-S", chain)).ok()) {
                throw refused(List.of("-N", chain), made);
            }
        }
        if (!iptables.run(List.of("-C", from, "-j", chain)).ok()) {
            // first, so that no earlier ACCEPT in the chain lets a sandbox past
            must(List.of("-I", from, "1", "-j", chain));
        }
    }

    private void fill(String chain, List<List<String>> rules) {
        iptables.run(List.of("-F", chain));
        if (!iptables.run(List.of("-S", chain)).ok()) {
            must(List.of("-N", chain));
        }
        for (List<String> rule : rules) {
            List<String> args = new ArrayList<>(List.of("-A", chain));
            args.addAll(rule);
            must(args);
        }
    }

    private void must(List<String> args) {
        Iptables.Result result = iptables.run(args);
        if (!result.ok()) {
            throw refused(args, result);
        }
    }

    private static AirlockException refused(List<String> args, Iptables.Result result) {
        return AirlockException.failure("not run: the open network's firewall rules could not be installed (iptables "
                        + String.join(" ", args) + ": " + firstLine(result.output()) + "), and Airlock gives no open network without them",
                "run airlock doctor; use the network-allowlisted profile, which needs no firewall rules");
    }

    /** The IPv4 resolvers the engine forwards DNS to: the host's, or systemd-resolved's upstreams. */
    static List<String> hostNameservers() {
        Set<String> out = new LinkedHashSet<>();
        for (String file : List.of("/etc/resolv.conf", "/run/systemd/resolve/resolv.conf")) {
            try {
                Matcher m = NAMESERVER.matcher(Files.readString(Path.of(file), StandardCharsets.UTF_8));
                while (m.find()) {
                    if (!m.group(1).startsWith("127.")) {
                        out.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                // absent: nothing to allow
            }
        }
        return List.copyOf(out);
    }

    private static Iptables.Result runHost(List<String> args) {
        Optional<Path> binary = java.util.stream.Stream.of("/usr/sbin/iptables", "/sbin/iptables", "/usr/bin/iptables")
                .map(Path::of).filter(Files::isExecutable).findFirst();
        if (binary.isEmpty()) {
            return new Iptables.Result(127, "iptables is not installed on this host");
        }
        List<String> command = new ArrayList<>(List.of(binary.get().toString(), "-w", "10"));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Iptables.Result(124, "iptables did not answer within 30 s");
            }
            return new Iptables.Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Iptables.Result(126, "cannot run iptables: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Iptables.Result(130, "interrupted");
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("no output");
    }
}
