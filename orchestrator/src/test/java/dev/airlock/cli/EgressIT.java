package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approval.ApprovalQueue;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import dev.airlock.testing.Origin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network-allowlisted profile from inside real containers: the egress proxy is the only way out, and it
 * lets through only what was granted. Destinations are the test's own loopback servers under made-up
 * {@code .test} names, mapped with {@code --resolve}.
 */
class EgressIT {

    @TempDir
    static Path scratch;
    static Origin origin;

    @TempDir
    Path workspace;
    @TempDir
    Path state;
    Cli cli;

    @BeforeAll
    static void startOrigin() throws Exception {
        origin = new Origin(scratch, "origin.test", "a.example.test", "other.test");
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @BeforeEach
    void setUp() {
        cli = new Cli(state);
    }

    /** Runs a shell script in an allowlisted sandbox with the given extra options. */
    private Cli.Result sh(List<String> options, String script) {
        List<String> args = new ArrayList<>(List.of("run", "--workspace", workspace.toString(), "--approver", "deny",
                "--resolve", "origin.test=127.0.0.1", "--resolve", "other.test=127.0.0.1",
                "--resolve", "a.example.test=127.0.0.1", "--resolve", "evilexample.test=127.0.0.1",
                "--resolve", "example.test=127.0.0.1", "--profile", "network-allowlisted"));
        args.addAll(options);
        args.addAll(List.of("--", "sh", "-c", script));
        return cli.run(args.toArray(String[]::new));
    }

    /** Grants for a host on both of the origin's ports (a bare name allows only 80 and 443). */
    private List<String> allow(String host) {
        return List.of("--allow-domain", host + ":" + origin.httpPort(), "--allow-domain", host + ":" + origin.httpsPort());
    }

    private String http(String host) {
        return "http://" + host + ":" + origin.httpPort();
    }

    private String https(String host) {
        return "https://" + host + ":" + origin.httpsPort();
    }

    private static List<String> concat(List<String> list, String... more) {
        List<String> out = new ArrayList<>(list);
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void anAllowedHostWorksForCurlPythonAndGitThroughTheEnvironmentsSettings() {
        var result = sh(concat(allow("origin.test"), "--json"),
                "curl -fsS " + http("origin.test") + "/curl && curl -fsSk " + https("origin.test") + "/tls && "
                        + "python3 -c \"import urllib.request; print(urllib.request.urlopen('" + http("origin.test") + "/python').read().decode(), end='')\" && "
                        + "git -c http.sslVerify=false ls-remote " + https("origin.test") + "/repo.git 2>&1 | head -1; true");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("origin says /curl").contains("origin says /tls").contains("origin says /python");
        assertThat(origin.requests()).anyMatch(r -> r.startsWith("GET /repo.git/info/refs"));
        assertThat(result.out()).contains("\"host\" : \"origin.test\"").contains("\"allowed\" : true");
    }

    @Test
    void aJavaClientInsideGoesThroughTheProxyByTheEnvironmentsSettings(@TempDir Path config) throws Exception {
        // a user layer gives the allowlisted profile an image with a JVM (scripts/test builds it)
        java.nio.file.Files.createDirectories(config.resolve("airlock/profiles"));
        java.nio.file.Files.writeString(config.resolve("airlock/profiles/network-allowlisted.json"), "{\"image\": \"airlock/sandbox-jdk:test\"}");
        java.nio.file.Files.writeString(workspace.resolve("Fetch.java"), """
                public class Fetch {
                    public static void main(String[] args) throws Exception {
                        var c = (java.net.HttpURLConnection) new java.net.URI(args[0]).toURL().openConnection();
                        System.out.println(c.getResponseCode() + " " + new String(c.getInputStream().readAllBytes()).trim());
                    }
                }
                """);
        var javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "--release", "17", "-d", workspace.toString(),
                workspace.resolve("Fetch.java").toString())).isZero();
        cli.env("XDG_CONFIG_HOME", config.toString());

        var result = sh(allow("origin.test"), "java -cp /workspace Fetch " + http("origin.test") + "/java");

        assertThat(result.out()).as(result.toString()).isEqualTo("200 origin says /java\n");
        assertThat(origin.requests()).anyMatch(r -> r.startsWith("GET /java"));
    }

    @Test
    void aHostOffTheListIsRefusedWithAReasonTheToolCanShow() {
        // python hides the host from the assessment, so the proxy is the one that meets it
        var result = sh(allow("origin.test"),
                "python3 -c \"import urllib.request, urllib.error\ntry:\n  urllib.request.urlopen('http://' + 'other.test:" + origin.httpPort() + "/x')\n"
                        + "except urllib.error.HTTPError as e:\n  print(e.code, e.read().decode())\"");

        assertThat(result.out()).startsWith("403").contains("other.test");
        assertThat(origin.requests()).noneMatch(r -> r.contains("host=other.test"));
    }

    @Test
    void directConnectionsAndDnsLeadNowhere() {
        var result = sh(allow("origin.test"),
                "curl -sS --max-time 5 --noproxy '*' http://127.0.0.1:" + origin.httpPort() + "/direct; echo direct=$?; "
                        + "getent hosts origin.test; echo getent=$?; "
                        + "python3 -c \"import socket; socket.getaddrinfo('origin.test', 80)\" 2>&1 | tail -1; "
                        + "ls /sys/class/net");

        assertThat(result.out()).contains("direct=7").contains("getent=2").contains("gaierror").endsWith("lo\n");
        assertThat(origin.requests()).noneMatch(r -> r.contains("/direct"));
    }

    @Test
    void ipLiteralSpellingsAndWildcardTricksAreRefused() {
        int port = origin.httpPort();
        var result = sh(allow("*.example.test"),
                "for u in http://127.1:" + port + "/ http://2130706433:" + port + "/ http://0x7f.0.0.1:" + port + "/ "
                        + "'http://[::ffff:127.0.0.1]:" + port + "/' " + http("evilexample.test") + "/ " + http("example.test") + "/ "
                        + http("a.example.test") + "/ok " + http("A.EXAMPLE.TEST.") + "/dot; do "
                        + "printf '%s ' \"$(python3 -c \"import sys, urllib.request, urllib.error\ntry:\n  print(urllib.request.urlopen(sys.argv[1]).status)\n"
                        + "except urllib.error.HTTPError as e:\n  print(e.code)\nexcept Exception as e:\n  print('err')\" \"$u\")\"; done");

        // four IP spellings, evilexample and the bare suffix refused; the subdomain passes, in any case, with a trailing dot
        assertThat(result.out().trim()).isEqualTo("403 403 403 403 403 403 200 200");
    }

    @Test
    void sniThatDoesNotMatchTheConnectHostIsRefused() {
        var result = sh(allow("origin.test"), "python3 - <<'EOF'\n"
                + "import socket, ssl\n"
                + "def tunnel(sni):\n"
                + "    s = socket.create_connection(('127.0.0.1', 3128))\n"
                + "    s.sendall(b'CONNECT origin.test:" + origin.httpsPort() + " HTTP/1.1\\r\\nHost: origin.test\\r\\n\\r\\n')\n"
                + "    assert b' 200 ' in s.recv(4096)\n"
                + "    ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE\n"
                + "    try:\n"
                + "        t = ctx.wrap_socket(s, server_hostname=sni)\n"
                + "        t.sendall(b'GET /sni HTTP/1.0\\r\\nHost: origin.test\\r\\n\\r\\n'); return t.recv(4096).split(b' ')[1].decode()\n"
                + "    except Exception as e:\n"
                + "        return 'refused'\n"
                + "print(tunnel('origin.test'), tunnel('other.test'))\n"
                + "EOF");

        assertThat(result.out().trim()).isEqualTo("200 refused");
    }

    @Test
    void socksConnectWorksAndBindAndUdpAreRefused() {
        var result = sh(allow("origin.test"),
                "curl -fsS --socks5-hostname 127.0.0.1:3128 --noproxy '' " + http("origin.test") + "/socks; "
                        + "python3 - <<'EOF'\n"
                        + "import socket\n"
                        + "for cmd in (2, 3):\n"
                        + "    s = socket.create_connection(('127.0.0.1', 3128)); s.sendall(b'\\x05\\x01\\x00'); s.recv(2)\n"
                        + "    s.sendall(bytes([5, cmd, 0, 1, 127, 0, 0, 1, 0, 80])); print('reply', s.recv(10)[1])\n"
                        + "EOF");

        assertThat(result.out()).contains("origin says /socks").contains("reply 7\nreply 7");
    }

    @Test
    void manyConcurrentTunnelsWork() {
        var result = sh(allow("origin.test"),
                "seq 1 40 | xargs -P 40 -I{} curl -fsS " + http("origin.test") + "/n{} | sort | uniq | wc -l");

        assertThat(result.out().trim()).isEqualTo("40");
    }

    @Test
    void aLiveApprovalThroughTheQueueLetsAWaitingConnectionThrough() throws Exception {
        Process run = Jar.start(state, Map.of(), "run", "--workspace", workspace.toString(), "--approver", "queue",
                "--resolve", "other.test=127.0.0.1", "--profile", "network-allowlisted", "--",
                "python3", "-c", "import urllib.request; print(urllib.request.urlopen('http://' + 'other.test:" + origin.httpPort() + "/live').read().decode())");
        ApprovalQueue queue = ApprovalQueue.under(state);
        assertThat(Engine.eventually(() -> !queue.pending().isEmpty(), Duration.ofSeconds(30))).isTrue();
        var pending = queue.pending().getFirst();
        assertThat(pending.request().command()).contains("other.test");

        assertThat(cli.run("approve", pending.request().id()).exit()).isZero();

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.exitValue()).as(out + new String(run.getErrorStream().readAllBytes())).isZero();
        assertThat(out).contains("origin says /live");
    }
}
