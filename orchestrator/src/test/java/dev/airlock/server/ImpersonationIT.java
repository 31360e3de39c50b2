package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import dev.airlock.testing.Cli;
import dev.airlock.testing.Engine;
import dev.airlock.testing.Jar;
import dev.airlock.testing.LocalUser;
import dev.airlock.testing.ServerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user plays the Airlock server: it makes the short socket folder (or the state folder) first
 * and listens there, ready to record a command's argv, cwd and environment and to answer "exit 0". Both
 * clients (Java and C) must refuse before sending a byte, the server must refuse a folder it does not own,
 * and a reachable server must refuse a client of another user; then the genuine server path works.
 */
class ImpersonationIT {

    /** Records each connection and what it sent, and answers exit 0 to whatever came (the impostor's reply). */
    static final String FAKE_SERVER = """
            import os, socket, sys
            path, record = sys.argv[1], sys.argv[2]
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(path)
            os.chmod(path, 0o777)
            s.listen(8)
            open(record + '.ready', 'w').close()
            while True:
                c, _ = s.accept()
                c.settimeout(3)
                got = b''
                try:
                    while True:
                        d = c.recv(65536)
                        if not d:
                            break
                        got += d
                        c.sendall(bytes([15, 0, 0, 0, 4, 0, 0, 0, 0]))
                except Exception:
                    pass
                with open(record, 'ab') as f:
                    f.write(b'CONNECTION %d\\n' % len(got) + got + b'\\n')
                c.close()
            """;

    static final String CANARY = "ghp_impersonation_canary";

    @TempDir
    Path workspace;
    Path shared;   // like /tmp: anyone may create in it
    Path tmp;      // the clients' and servers' java.io.tmpdir, so the short socket folder is this test's own
    Path record;
    Path longState;
    LocalUser other;
    final List<Process> servers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        other = LocalUser.create();
        shared = LocalUser.sharedFolder("airlock-imp");
        tmp = Files.createDirectory(shared.resolve("tmp"));
        LocalUser.exec(List.of("chmod", "1777", tmp.toString()));
        record = shared.resolve("received");
        // a state folder deep enough that <state>/server.sock does not fit a unix socket path
        Path deep = Files.createDirectories(shared.resolve("state-" + "d".repeat(60)).resolve("x".repeat(40)));
        longState = deep.resolve("airlock");
        Files.writeString(workspace.resolve("a.txt"), "A\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : servers) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        other.close();
        stopServerOf(tmpSocketFolder());
        try (Stream<Path> all = Files.walk(shared)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    Path tmpSocketFolder() {
        return tmp.resolve("airlock-0");
    }

    /** The impostor, as the other user, listening on {@code socket}; returns once it listens. */
    void impostorListensOn(Path socket) throws Exception {
        Path script = shared.resolve("fake.py");
        Files.writeString(script, FAKE_SERVER);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        other.start("/usr/bin/python3", script.toString(), socket.toString(), record.toString());
        assertThat(Engine.eventually(() -> Files.exists(Path.of(record + ".ready")), Duration.ofSeconds(20)))
                .as("the fake server listens").isTrue();
    }

    String received() throws IOException {
        return Files.exists(record) ? Files.readString(record, StandardCharsets.ISO_8859_1) : "";
    }

    /** The Java client, as the launcher runs it when the C client hands over, with a token in its environment. */
    Cli.Result javaClient(Path state, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Jar.java().toString(), "-Djava.io.tmpdir=" + tmp,
                "-cp", Jar.path().toString(), "dev.airlock.client.Client"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workspace.toFile());
        pb.environment().put("AIRLOCK_STATE_DIR", state.toString());
        pb.environment().put("GITHUB_TOKEN", CANARY);
        return LocalUser.exec(pb);
    }

    @Test
    void theJavaClientRefusesAShortSocketFolderAnotherUserMade() throws Exception {
        Path folder = tmpSocketFolder();
        other.sh("mkdir -m 0755 " + folder);
        Path socket = folder.resolve(dev.airlock.client.ClientProtocol.socket(longState, 0).getFileName());
        impostorListensOn(socket);

        var run = javaClient(longState, "run", "--workspace", workspace.toString(), "--", "sh", "-c", "echo $GITHUB_TOKEN");

        assertThat(run.exit()).as(run.toString()).isEqualTo(125);
        assertThat(run.err()).contains(folder + " belongs to uid " + other.uid() + ", not to you").contains("impersonate");
        assertThat(received()).as("the impostor received nothing").isEmpty();
    }

    @Test
    void theJavaClientRefusesAListenerOfAnotherUserInAFolderOfOurs() throws Exception {
        // our own private folder, and in it a socket the other user listens on (moved there: a socket is its inode)
        Path folder = Files.createDirectory(tmpSocketFolder(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path theirs = Files.createDirectory(shared.resolve("theirs"));
        other.own(theirs);
        impostorListensOn(theirs.resolve("s.sock"));
        Path socket = folder.resolve(dev.airlock.client.ClientProtocol.socket(longState, 0).getFileName());
        Files.move(theirs.resolve("s.sock"), socket);

        var run = javaClient(longState, "run", "--workspace", workspace.toString(), "--", "sh", "-c", "echo $GITHUB_TOKEN");

        assertThat(run.exit()).as(run.toString()).isEqualTo(125);
        assertThat(run.err()).contains("the process listening there runs as " + other.name() + ", not as you")
                .contains("nothing was sent");
        assertThat(received()).as("the impostor's only record is an empty connection")
                .matches("(CONNECTION 0\\n\\n)*").doesNotContain(CANARY);
    }

    @Test
    void theServerRefusesAShortSocketFolderItDoesNotOwn() throws Exception {
        Path folder = tmpSocketFolder();
        other.sh("mkdir -m 0777 " + folder);

        assertThatThrownBy(() -> Server.bind(folder.resolve("x.sock"), null, null, Duration.ofMinutes(1)))
                .isInstanceOf(AirlockException.class)
                .hasMessageContaining("refused to serve on").hasMessageContaining("belongs to uid " + other.uid());
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).as("no socket or pid file of ours in their folder").isEmpty();
        }
    }

    @Test
    void theGenuineServerPathWorksThroughAShortSocketFolderOfOurs() throws Exception {
        var run = javaClient(longState, "run", "--workspace", workspace.toString(), "--", "cat", "a.txt");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("A\n");
        Path folder = tmpSocketFolder();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS))).isEqualTo("rwx------");
        assertThat(Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0);
    }

    @Test
    void theNativeClientRefusesAStateFolderAnotherUserMade() throws Exception {
        Path state = shared.resolve("state");
        other.sh("mkdir -m 0755 " + state);
        impostorListensOn(state.resolve("server.sock"));

        var run = nativeClient(state, "run", "--workspace", workspace.toString(), "--", "sh", "-c", "echo $GITHUB_TOKEN");

        assertThat(run.exit()).as(run.toString()).isEqualTo(125);
        assertThat(run.err()).contains("belongs to uid " + other.uid() + ", not to you").contains("impersonate");
        assertThat(received()).as("the impostor received nothing").isEmpty();
    }

    @Test
    void theNativeClientRefusesAListenerOfAnotherUserInAStateFolderOfOurs() throws Exception {
        Path state = Files.createDirectory(shared.resolve("state"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path theirs = Files.createDirectory(shared.resolve("theirs"));
        other.own(theirs);
        impostorListensOn(theirs.resolve("s.sock"));
        Files.move(theirs.resolve("s.sock"), state.resolve("server.sock"));

        var run = nativeClient(state, "run", "--workspace", workspace.toString(), "--", "sh", "-c", "echo $GITHUB_TOKEN");

        assertThat(run.exit()).as(run.toString()).isEqualTo(125);
        assertThat(run.err()).contains("runs as uid " + other.uid() + ", not as you").contains("nothing was sent");
        assertThat(received()).matches("(CONNECTION 0\\n\\n)*").doesNotContain(CANARY);

        // the genuine server, once the impostor's socket is gone
        Files.delete(state.resolve("server.sock"));
        try (ServerClient airlock = new ServerClient(state)) {
            var genuine = airlock.run("run", "--workspace", workspace.toString(), "--", "cat", "a.txt");
            assertThat(genuine.exit()).as(genuine.toString()).isZero();
            assertThat(genuine.out()).isEqualTo("A\n");
        }
    }

    @Test
    void theServerLetsInNoClientOfAnotherUserEvenWhenItsSocketIsReachable() throws Exception {
        Path state = shared.resolve("state");
        try (ServerClient airlock = new ServerClient(state)) {
            assertThat(airlock.run("run", "--workspace", workspace.toString(), "--", "true").exit()).isZero();
            // a mistake opens the socket to everyone: the peer check is the wall left
            Path open = Files.createDirectory(shared.resolve("open"));
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createLink(open.resolve("server.sock"), state.resolve("server.sock"));
            Files.setPosixFilePermissions(state.resolve("server.sock"), PosixFilePermissions.fromString("rwxrwxrwx"));
            String hello = "{\"argv\":[\"run\",\"--mode\",\"full-access\",\"--workspace\",\"" + workspace + "\",\"--\",\"touch\",\"/workspace/pwned\"],"
                    + "\"cwd\":\"/\",\"stdinTty\":false,\"stderrTty\":false,\"env\":{\"AIRLOCK_STATE_DIR\":\"" + state + "\"}}";
            Path client = shared.resolve("client.py");
            Files.writeString(client, """
                    import socket, struct, sys
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(sys.argv[1])
                    hello = sys.argv[2].encode()
                    got = b''
                    try:
                        s.sendall(bytes([1]) + struct.pack('>I', len(hello)) + hello + bytes([3, 0, 0, 0, 0]))
                        while True:
                            d = s.recv(65536)
                            if not d:
                                break
                            got += d
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # closed before or with our hello unread: refused all the same
                    print('GOT %d' % len(got))
                    """);

            var tried = other.sh("/usr/bin/python3 " + client + " " + open.resolve("server.sock") + " '" + hello + "'");

            assertThat(tried.out()).as(tried.toString()).isEqualTo("GOT 0\n");
            assertThat(workspace.resolve("pwned")).doesNotExist();
            assertThat(Files.readString(state.resolve("server.log"))).contains("refused a client of " + other.name());
        }
    }

    @Test
    void anAllowlistedRunRefusesAnEgressSocketFolderAnotherUserMade() throws Exception {
        // a deep state folder puts the egress socket in the short folder too; the other user made it first
        other.sh("mkdir -m 0777 " + tmpSocketFolder());
        String[] run = {"run", "--workspace", workspace.toString(), "--approver", "deny", "--profile", "network-allowlisted",
                "--", "cat", "a.txt"};

        var refused = jarInProcess(longState, run);

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(125);
        assertThat(refused.err()).contains("no safe folder for the egress socket").contains("belongs to uid " + other.uid());
        try (Stream<Path> left = Files.list(tmpSocketFolder())) {
            assertThat(left).as("no socket of ours in their folder").isEmpty();
        }

        LocalUser.exec(List.of("rm", "-rf", tmpSocketFolder().toString()));
        var genuine = jarInProcess(longState, run);
        assertThat(genuine.exit()).as(genuine.toString()).isZero();
        assertThat(genuine.out()).isEqualTo("A\n");
    }

    /** {@code java -jar airlock.jar}, all in that process, with this test's java.io.tmpdir. */
    Cli.Result jarInProcess(Path state, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Jar.java().toString(), "-Djava.io.tmpdir=" + tmp, "-jar", Jar.path().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workspace.toFile());
        pb.environment().put("AIRLOCK_STATE_DIR", state.toString());
        return LocalUser.exec(pb);
    }

    Cli.Result nativeClient(Path state, String... args) throws Exception {
        ProcessBuilder pb = new ServerClient(state).builder(args).directory(workspace.toFile());
        pb.environment().put("GITHUB_TOKEN", CANARY);
        return LocalUser.exec(pb);
    }

    /** The genuine server a test started through the short folder, by its pid file there. */
    static void stopServerOf(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> pids = Files.list(folder)) {
            for (Path pid : pids.filter(p -> p.toString().endsWith(".pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(h -> {
                    h.destroy();
                    h.onExit().join();
                });
            }
        }
    }
}
