package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ssh, scp, rsync, netcat and socat: a {@code [user@]host} names where they connect; files copied out are
 * uploads (and read: a secret sent away is DESTRUCTIVE); files copied in are writes; a remote command runs
 * where Airlock cannot follow.
 */
final class RemoteAccess {

    private static final Pattern SOCAT_ADDRESS = Pattern.compile(
            "(?i)^(tcp[46]?|udp[46]?|openssl|ssl|socks4a?|proxy|sctp[46]?)(-connect)?:([^:,]+)");

    private RemoteAccess() {
    }

    static void ssh(Call c) {
        Opts o = Opts.parse(c.args(), "bcDEeFIiJLlmOopQRSWw", Set.of(), true);
        if (o.operands.isEmpty()) {
            return;
        }
        o.value("-i").ifPresent(c::reads);
        o.value("-F").ifPresent(c::reads);
        o.value("-J").ifPresent(j -> Urls.host(j.text().replaceFirst("^.*@", "")).ifPresentOrElse(c.fx::network,
                () -> c.fx.network(j.text().replaceFirst("^.*@", "").replaceFirst(":.*$", ""))));
        o.value("-o").filter(x -> x.text().toLowerCase(Locale.ROOT).matches("(proxycommand|localcommand|permitlocalcommand).*"))
                .ifPresent(x -> c.opaque("ssh -o " + x.text() + " runs a local command"));
        Arg dest = o.operands.getFirst();
        c.notAPath(dest);
        String host = dest.text().replaceFirst("^ssh://", "").replaceFirst("^.*@", "").replaceFirst("[:/].*$", "");
        if (dest.exact() && !host.isEmpty()) {
            c.fx.network(host);
        } else {
            c.fx.networkUnknown("ssh to " + dest.text());
        }
        List<Arg> command = o.operands.subList(1, o.operands.size());
        command.forEach(c::notAPath);
        if (!command.isEmpty()) {
            c.fx.add(Tier.NETWORK, "runs-remotely", AssessmentText.shorten(String.join(" ",
                    command.stream().map(Arg::text).toList()), 80));
        }
    }

    /** scp and rsync: {@code host:path} operands are remote; local sources are read and a local destination written. */
    static void scp(Call c) {
        boolean rsync = c.program.equals("rsync");
        Opts o = rsync ? Opts.parse(c.args(), "eBfT", Set.of("--rsh", "--exclude", "--include", "--filter",
                "--exclude-from", "--include-from", "--files-from", "--temp-dir", "--partial-dir", "--backup-dir",
                "--suffix", "--chmod", "--chown", "--log-file", "--password-file", "--rsync-path", "--timeout", "--port",
                "--bwlimit", "--max-size", "--min-size", "--compare-dest", "--copy-dest", "--link-dest", "--out-format",
                "--info", "--debug", "--usermap", "--groupmap", "--address", "--sockopts", "--outbuf", "--iconv"))
                : Opts.parse(c.args(), "cFiJloPS", Set.of());
        if (o.operands.isEmpty()) {
            return;
        }
        o.value("-i", "--password-file", "--exclude-from", "--include-from", "--files-from").ifPresent(c::reads);
        List<Arg> sources = new ArrayList<>(o.operands);
        Arg dest = sources.size() > 1 ? sources.removeLast() : null;
        boolean remote = false;
        for (Arg s : sources) {
            remote |= endpoint(c, s, false);
        }
        if (dest != null) {
            remote |= endpoint(c, dest, true);
            if (remote(dest)) {
                sources.stream().filter(s -> !remote(s)).forEach(s -> c.fx.add(Tier.NETWORK, "uploads", c.loc(s).display()));
            }
            if (!remote(dest)) {
                boolean noClobber = o.has("--ignore-existing", "-n", "--dry-run");
                if (!noClobber) {
                    c.mayOverwrite(dest, false);
                }
                if (o.has("--delete", "--delete-before", "--delete-during", "--delete-after", "--delete-delay",
                        "--delete-excluded", "--del") && !o.has("-n", "--dry-run")) {
                    c.deletes(new Arg(c.loc(dest).display() + " (files not in the source)", dest.value(), dest.exact()));
                }
            }
        }
        if (o.has("--remove-source-files")) {
            sources.stream().filter(s -> !remote(s)).forEach(c::deletes);
        }
        if (o.value("-e", "--rsh", "-S").isPresent() && !o.value("-e", "--rsh", "-S").get().text().matches("ssh( .*)?")) {
            c.executes(c.program + " connects through " + o.value("-e", "--rsh", "-S").get().text());
        }
    }

    private static boolean remote(Arg a) {
        String t = a.text();
        return t.startsWith("rsync://") || t.startsWith("scp://") || t.startsWith("sftp://")
                || Urls.scpHost(t).isPresent() && !t.startsWith("/") && !t.startsWith(".") && !t.startsWith("~");
    }

    /** One scp/rsync operand: a remote host, or a local path read (source) or written (destination). */
    private static boolean endpoint(Call c, Arg a, boolean destination) {
        if (remote(a)) {
            c.notAPath(a);
            String t = a.text();
            Optional<String> host = Urls.hasScheme(t) ? Urls.urlHost(t) : Urls.scpHost(t.replaceFirst("::.*$", ":"));
            host.filter(h -> a.exact()).ifPresentOrElse(c.fx::network, () -> c.fx.networkUnknown(t));
            if (!destination) {
                c.fx.add(Tier.NETWORK, "downloads", t);
            }
            return true;
        }
        if (destination) {
            c.writes(a);
        } else {
            c.reads(a);
        }
        return false;
    }

    static void netcat(Call c) {
        Opts o = Opts.parse(c.args(), "pswiqxXecTIO", Set.of("--exec", "--sh-exec", "--lua-exec", "--source-port",
                "--wait", "--proxy", "--proxy-type"));
        if (o.has("-l", "--listen")) {
            c.executes(c.program + " listens for connections");
        } else if (!o.operands.isEmpty()) {
            Arg h = o.operands.getFirst();
            c.notAPath(h);
            if (h.exact()) {
                c.fx.network(h.text());
            } else {
                c.fx.networkUnknown(c.program + " to " + h.text());
            }
        }
        o.operands.forEach(c::notAPath);
        o.value("-e", "-c", "--exec", "--sh-exec", "--lua-exec")
                .ifPresent(p -> c.opaque(c.program + " runs " + p.text() + " on the connection"));
    }

    static void socat(Call c) {
        for (Arg a : Opts.parse(c.args()).operands) {
            c.notAPath(a);
            Matcher m = SOCAT_ADDRESS.matcher(a.text());
            String up = a.text().toUpperCase(Locale.ROOT);
            if (m.find() && !up.contains("-LISTEN")) {
                c.fx.network(m.group(3));
            } else if (up.startsWith("EXEC:") || up.startsWith("SYSTEM:")) {
                c.opaque("socat runs " + a.text());
            } else if (up.contains("-LISTEN")) {
                c.executes("socat listens for connections");
            } else if (up.startsWith("UNIX") || up.startsWith("OPEN:") || up.startsWith("CREATE:")
                    || up.startsWith("FILE:") || up.startsWith("GOPEN:")) {
                Arg file = a.from(a.text().indexOf(':') + 1);
                c.looksAt(new Arg(file.text().replaceFirst(",.*$", ""), file.value().replaceFirst(",.*$", ""), file.exact()));
            }
        }
    }
}
