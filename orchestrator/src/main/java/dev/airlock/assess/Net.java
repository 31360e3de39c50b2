package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Programs whose job is the network: curl, wget, httpie, ssh/scp/rsync, netcat, DNS tools, the GitHub CLI.
 * Destinations come from their URLs and host operands; files they save are writes, files they send are reads.
 */
final class Net {

    private static final Set<String> CURL_VALUED = Set.of("--data", "--data-raw", "--data-binary", "--data-urlencode",
            "--data-ascii", "--form", "--form-string", "--header", "--request", "--user-agent", "--referer", "--cookie",
            "--cookie-jar", "--max-time", "--connect-timeout", "--user", "--write-out", "--range", "--config", "--cert",
            "--key", "--cacert", "--capath", "--proxy", "--proxy-user", "--upload-file", "--continue-at", "--output",
            "--dump-header", "--url", "--resolve", "--connect-to", "--retry", "--retry-delay", "--retry-max-time",
            "--limit-rate", "--max-filesize", "--interface", "--dns-servers", "--oauth2-bearer", "--aws-sigv4", "--json",
            "--output-dir", "--create-file-mode", "--variable", "--trace", "--trace-ascii", "--stderr", "--netrc-file",
            "--unix-socket", "--abstract-unix-socket", "--proto", "--proto-redir", "--max-redirs", "--time-cond",
            "--speed-limit", "--speed-time", "--ciphers", "--cert-type", "--key-type", "--pass", "--header-file",
            "--url-query", "--expect100-timeout", "--happy-eyeballs-timeout-ms", "--keepalive-time", "--noproxy",
            "--preproxy", "--socks4", "--socks4a", "--socks5", "--socks5-hostname", "--local-port", "--ftp-port");
    private static final Set<String> WGET_VALUED = Set.of("--output-document", "--output-file", "--append-output",
            "--input-file", "--directory-prefix", "--tries", "--timeout", "--user-agent", "--execute", "--base", "--level",
            "--quota", "--wait", "--accept", "--reject", "--domains", "--header", "--post-data", "--post-file",
            "--body-data", "--body-file", "--method", "--user", "--password", "--http-user", "--http-password",
            "--load-cookies", "--save-cookies", "--ca-certificate", "--certificate", "--private-key", "--limit-rate",
            "--referer", "--exclude-directories", "--include-directories", "--cut-dirs", "--dns-timeout",
            "--connect-timeout", "--read-timeout", "--waitretry", "--bind-address", "--restrict-file-names");
    private static final Set<String> DELETING = Set.of("delete", "remove", "rm", "destroy", "purge", "archive");

    private Net() {
    }

    static void register(Rules r) {
        r.put(Net::curl, "curl");
        r.put(Net::wget, "wget", "wget2");
        r.put(Net::httpie, "http", "https", "xh", "xhs", "httpie", "curlie");
        r.put(RemoteAccess::ssh, "ssh", "mosh", "autossh");
        r.put(RemoteAccess::scp, "scp", "rsync");
        r.put(c -> hosts(c, "bBcDFioPRlsS", 0), "sftp", "ftp", "lftp", "tftp", "telnet");
        r.put(RemoteAccess::netcat, "nc", "ncat", "netcat");
        r.put(RemoteAccess::socat, "socat");
        r.put(c -> hosts(c, "cisWwItlQpMmSTFBaAqxnf", -1), "ping", "ping6", "traceroute", "traceroute6",
                "tracepath", "mtr", "arping", "fping", "hping3", "tcpping");
        r.put(c -> {
            c.namesOnly = true;
            if (!Basics.versionOrHelp(c.args())) {
                c.fx.networkUnknown(c.program + ": DNS lookup of " + String.join(" ",
                        Opts.parse(c.args(), "tcpqkbyf", Set.of()).operands.stream().map(Arg::text)
                                .filter(t -> !t.startsWith("+") && !t.startsWith("@")).toList()));
            }
        }, "dig", "nslookup", "host", "drill", "kdig", "whois", "resolvectl", "delv");
        r.put(c -> hosts(c, "ptT", 99), "ssh-keyscan");
        r.put(c -> urls(c, "dosUx", Set.of("--dir", "--out", "--input-file")), "aria2c", "axel");
        r.put(Net::openssl, "openssl");
        r.put(c -> forge(c, "github.com", "api.github.com"), "gh", "hub");
        r.put(c -> forge(c, "gitlab.com", "gitlab.com"), "glab");
        r.put(c -> forge(c, "bitbucket.org", "api.bitbucket.org"), "bb");
    }

    private static void curl(Call c) {
        Opts o = Opts.parse(c.args(), "odFHXAebcmuwrKEUxTCYyzQtD", CURL_VALUED);
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        List<Arg> urls = new ArrayList<>(o.operands);
        o.value("--url").ifPresent(urls::add);
        urls.forEach(c::connects);
        o.value("-x", "--proxy").ifPresent(c::connects);
        o.value("-o", "--output").filter(f -> !f.text().equals("-")).ifPresent(c::writes);
        for (String opt : List.of("-D", "--dump-header", "-c", "--cookie-jar", "--trace", "--trace-ascii", "--stderr")) {
            o.value(opt).filter(f -> !f.text().equals("-") && !f.text().startsWith("%")).ifPresent(c::writes);
        }
        if (o.has("-O", "--remote-name", "--remote-name-all")) {
            String dir = o.value("--output-dir").map(d -> d.text() + "/").orElse("");
            for (Arg u : urls) {
                String name = Programs.basename(u.text().replaceFirst("[?#].*$", ""));
                c.writes(Arg.of(dir + (name.contains(":") || name.isEmpty() ? "index.html" : name)));
            }
        }
        sends(c, o, List.of("-d", "--data", "--data-binary", "--data-urlencode", "--data-ascii", "--json", "-F", "--form"),
                List.of("-T", "--upload-file"));
        for (String opt : List.of("-K", "--config", "-E", "--cert", "--key", "--netrc-file", "--cacert")) {
            o.value(opt).ifPresent(c::reads);
        }
        if (o.has("-n", "--netrc", "--netrc-optional")) {
            c.reads(Arg.of("~/.netrc"));
        }
        o.value("--unix-socket", "--abstract-unix-socket").ifPresent(s -> {
            c.looksAt(s);
            c.executes("curl talks to the local socket " + s.text());
        });
        o.value("-X", "--request").ifPresent(m -> deletes(c, m.text(), urls));
    }

    /** Request bodies from files ({@code -d @file}, {@code -F f=@file}, {@code -T file}) read and send them. */
    private static void sends(Call c, Opts o, List<String> atOptions, List<String> fileOptions) {
        for (String opt : atOptions) {
            Arg v = o.values.get(opt);
            if (v == null) {
                continue;
            }
            int at = v.text().indexOf('@');
            if (at >= 0 && (at == 0 || opt.startsWith("-F") || opt.equals("--form") || v.text().charAt(at - 1) == '=')) {
                Arg file = v.from(at + 1);
                String name = file.text().replaceFirst(";.*$", "");
                if (!name.equals("-") && !name.isEmpty()) {
                    Arg f = new Arg(name, file.value().replaceFirst(";.*$", ""), file.exact());
                    c.reads(f);
                    c.fx.add(Tier.NETWORK, "uploads", c.loc(f).display());
                }
            } else {
                c.notAPath(v);
            }
        }
        for (String opt : fileOptions) {
            Arg v = o.values.get(opt);
            if (v != null && !v.text().equals("-")) {
                c.reads(v);
                c.fx.add(Tier.NETWORK, "uploads", c.loc(v).display());
            }
        }
    }

    /** An HTTP DELETE to a host outside the sandbox removes something there. */
    private static void deletes(Call c, String method, List<Arg> urls) {
        if (!method.equalsIgnoreCase("DELETE")) {
            return;
        }
        for (Arg u : urls) {
            Optional<String> host = Urls.host(u.value());
            if (host.isEmpty() || !Urls.loopback(host.get())) {
                c.fx.add(Tier.DESTRUCTIVE, "deletes", "a remote resource: DELETE " + u.text());
            }
        }
    }

    private static void wget(Call c) {
        Opts o = Opts.parse(c.args(), "OoaiPtTUeBlQwARDXI", WGET_VALUED);
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        o.operands.forEach(c::connects);
        o.value("-i", "--input-file").ifPresent(f -> {
            c.reads(f);
            c.fx.networkUnknown("the URLs listed in " + f.text());
        });
        o.value("-o", "--output-file", "-a", "--append-output", "--save-cookies").ifPresent(c::writes);
        o.value("--post-file", "--body-file", "--certificate", "--private-key", "--load-cookies").ifPresent(f -> {
            c.reads(f);
            c.fx.add(Tier.NETWORK, "uploads", c.loc(f).display());
        });
        o.value("--method").ifPresent(m -> deletes(c, m.text(), o.operands));
        if (o.has("--spider")) {
            return;
        }
        Optional<Arg> out = o.value("-O", "--output-document");
        if (out.isPresent()) {
            if (!out.get().text().equals("-")) {
                c.writes(out.get());
            }
            return;
        }
        String dir = o.value("-P", "--directory-prefix").map(d -> d.text() + "/").orElse("");
        if (o.has("-r", "--recursive", "-m", "--mirror")) {
            c.writes(Arg.of(dir.isEmpty() ? "." : dir), "downloads-into", Tier.WRITE);
            return;
        }
        for (Arg u : o.operands) {
            String name = Programs.basename(u.text().replaceFirst("[?#].*$", ""));
            c.writes(Arg.of(dir + (name.contains(":") || name.isEmpty() ? "index.html" : name)));
            if (!o.has("-nc", "--no-clobber", "-c", "--continue", "-N", "--timestamping")) {
                c.mayOverwrite(Arg.of(dir + name), false);
            }
        }
    }

    private static void httpie(Call c) {
        Opts o = Opts.parse(c.args(), "oaAv", Set.of("--output", "--auth", "--auth-type", "--session",
                "--session-read-only", "--verify", "--cert", "--cert-key", "--proxy", "--timeout", "--print", "--pretty",
                "--style", "--format-options", "--max-redirects", "--boundary", "--raw"));
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        List<Arg> ops = new ArrayList<>(o.operands);
        String method = "GET";
        if (!ops.isEmpty() && ops.getFirst().text().matches("[A-Z]+")) {
            method = ops.removeFirst().text();
        }
        if (ops.isEmpty()) {
            return;
        }
        Arg url = ops.removeFirst();
        if (url.text().startsWith(":")) {
            c.fx.network("localhost");
        } else {
            c.connects(url);
        }
        deletes(c, method, List.of(url));
        for (Arg item : ops) {
            int at = item.text().indexOf("@");
            if (at > 0 && item.text().matches("[^=:@]+(=|:=)?@.*")) {
                Arg f = item.from(at + 1);
                c.reads(f);
                c.fx.add(Tier.NETWORK, "uploads", c.loc(f).display());
            } else {
                c.notAPath(item);
            }
        }
        o.value("-o", "--output").ifPresent(c::writes);
        if (o.has("-d", "--download") && o.value("-o", "--output").isEmpty()) {
            c.fx.add(Tier.WRITE, "writes", "the downloaded file");
        }
    }

    /** Programs whose operand {@code index} (-1 for the last, 99 for all) is a host. */
    private static void hosts(Call c, String shortValued, int index) {
        c.namesOnly = true;
        Opts o = Opts.parse(c.args(), shortValued, Set.of());
        if (o.operands.isEmpty() || Basics.versionOrHelp(c.args())) {
            return;
        }
        List<Arg> hs = index == 99 ? o.operands : List.of(index < 0 ? o.operands.getLast()
                : o.operands.get(Math.min(index, o.operands.size() - 1)));
        for (Arg h : hs) {
            String host = h.text().replaceFirst("^[a-z]+://", "").replaceFirst("^.*@", "").replaceFirst("[:/].*$", "");
            if (h.exact() && !host.isEmpty()) {
                c.fx.network(host);
            } else {
                c.fx.networkUnknown(c.program + " to " + h.text());
            }
        }
    }

    private static void urls(Call c, String shortValued, Set<String> longValued) {
        Opts o = Opts.parse(c.args(), shortValued, longValued);
        o.operands.forEach(c::connects);
        o.value("-d", "--dir").ifPresentOrElse(d -> c.writes(d, "downloads-into", Tier.WRITE),
                () -> c.fx.add(Tier.WRITE, "writes", "the downloaded files"));
    }

    private static void openssl(Call c) {
        String sub = c.arg(0);
        c.prefix(sub);
        List<Arg> a = c.args();
        for (int i = 1; i < a.size(); i++) {
            String t = a.get(i).text();
            Arg next = i + 1 < a.size() ? a.get(i + 1) : null;
            if (next == null) {
                break;
            }
            switch (t) {
                case "-connect" -> {
                    c.notAPath(next);
                    c.fx.network(next.text().replaceFirst(":[0-9]+$", ""));
                    i++;
                }
                case "-in", "-key", "-inkey", "-CAfile", "-cert", "-kfile", "-passin" -> {
                    c.reads(next);
                    i++;
                }
                case "-out", "-keyout" -> {
                    c.writes(next);
                    i++;
                }
                default -> {
                }
            }
        }
    }

    /** A code-hosting CLI: everything it does goes to the forge's API; subcommands that delete are destructive. */
    private static void forge(Call c, String web, String api) {
        Opts o = Opts.parse(c.args(), "RXfFHqp", Set.of("--repo", "--method", "--hostname", "--field", "--raw-field",
                "--header", "--jq", "--template", "--input", "--title", "--body", "--body-file", "--base", "--head",
                "--label", "--assignee", "--reviewer", "--milestone", "--json", "--limit", "--state", "--branch"));
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        List<Arg> ops = o.operands;
        String group = ops.isEmpty() ? "" : ops.getFirst().text();
        String verb = ops.size() > 1 ? ops.get(1).text() : "";
        c.prefix(group);
        ops.forEach(c::notAPath);
        o.value("--hostname").ifPresentOrElse(h -> c.fx.network(h.text()), () -> {
            c.fx.network(web);
            c.fx.network(api);
        });
        o.value("--body-file", "-F", "--input").filter(f -> !f.text().contains("=")).ifPresent(c::reads);
        if (group.equals("auth") && (verb.equals("token") || o.has("--show-token", "-t"))) {
            c.fx.add(Tier.DESTRUCTIVE, "reads-secret", c.program + " auth token");
        } else if (group.equals("auth") && verb.equals("login")) {
            c.fx.add(Tier.DESTRUCTIVE, "writes-secret", c.program + " credentials in ~/.config");
        }
        if (ops.stream().limit(3).anyMatch(x -> DELETING.contains(x.text()))
                || o.value("-X", "--method").map(m -> m.text().equalsIgnoreCase("DELETE")).orElse(false)) {
            c.fx.add(Tier.DESTRUCTIVE, "deletes", "a resource on " + web + " (" + c.program + " "
                    + String.join(" ", ops.stream().limit(3).map(Arg::text).toList()) + ")");
        }
        if (Set.of("repo", "gist").contains(group) && verb.equals("clone") && ops.size() > 2) {
            String src = ops.get(2).text();
            Arg dir = ops.size() > 3 ? ops.get(3) : Arg.of(Programs.basename(src).replaceFirst("\\.git$", ""));
            c.writes(dir, "creates", Tier.WRITE);
        } else if (group.equals("pr") && verb.equals("checkout")) {
            c.fx.add(Tier.WRITE, "switches-branch", "the pull request's branch");
        } else if (Set.of("codespace", "cs").contains(group) && Set.of("ssh", "cp").contains(verb)) {
            c.fx.add(Tier.NETWORK, "runs-remotely", c.program + " " + group + " " + verb);
        } else if (group.equals("extension") && Set.of("install", "upgrade").contains(verb)) {
            Packages.global(c, c.program + " extensions");
            c.executes(c.program + " extensions run code Airlock cannot see into");
        }
    }
}
