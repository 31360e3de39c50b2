package dev.airlock.client;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code airlock} as the launcher runs it: hands the command line to the per-user server (starting it when
 * none answers) and relays stdin, stdout, stderr, the terminal for prompts, Ctrl-C and the exit status. A few
 * commands (the MCP server, the server itself) and {@code AIRLOCK_NO_SERVER=1} run in this process instead.
 */
public final class Client {

    // the MCP server runs in the server too, so a client's initialize is answered without a JVM start; a shell owns the terminal
    private static final List<String> IN_PROCESS = List.of("server", "shell");
    private static final long START_WAIT_MS = 30_000;

    private final SocketChannel channel;
    private final Object writeLock = new Object();
    private final CountDownLatch exited = new CountDownLatch(1);
    private final Object creditLock = new Object();
    private long credit; // bytes of stdin the server will take now
    private volatile OutputStream tty;

    private Client(SocketChannel channel) {
        this.channel = channel;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        if (args.length > 0 && IN_PROCESS.contains(args[0]) || "1".equals(env.get("AIRLOCK_NO_SERVER"))) {
            inProcess(args);
            return;
        }
        Path state = PrivateDirs.stateDir(env);
        // the caller's engine settings pick the server: one per engine, started with those settings
        String engine = ClientProtocol.engineKey(ClientProtocol.engineSettings(env));
        Path socket = ClientProtocol.socket(state, PrivateDirs.uid(), engine);
        Path log = ClientProtocol.log(state, engine);
        SocketChannel channel;
        try {
            if (socket.getParent().equals(state)) {
                PrivateDirs.ensureState(state, line -> System.err.println("airlock: " + line));
            }
            channel = connect(socket);
            if (channel == null) {
                channel = await(socket, startServer(state, log));
            }
        } catch (PrivateDirs.Unsafe e) {
            System.err.println("airlock: " + e.getMessage() + "\n  what to do: " + e.hint());
            System.exit(125);
            return;
        }
        if (channel == null) {
            // doctor reports the engine's state whatever it is: the server's refusal to start is one of those states
            if (args.length > 0 && args[0].equals("doctor")) {
                inProcess(args);
                return;
            }
            System.err.println("airlock: the Airlock server did not start" + lastLines(log)
                    + "\n  what to do: see " + log + "; airlock doctor checks the engine; or run in this process "
                    + "with AIRLOCK_NO_SERVER=1");
            System.exit(125);
        }
        System.exit(new Client(channel).run(args, env));
    }

    private int run(String[] args, Map<String, String> env) throws IOException {
        boolean stdinTty = isTerminal(0);
        send(ClientProtocol.HELLO, ClientProtocol.utf8(hello(args, env, stdinTty)));
        Runtime.getRuntime().addShutdownHook(new Thread(this::cancel, "airlock-cancel"));
        if (stdinTty) {
            send(ClientProtocol.STDIN_EOF, new byte[0]);
        } else {
            Thread.ofPlatform().daemon().name("airlock-stdin").start(this::pumpStdin);
        }
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        FileOutputStream err = new FileOutputStream(FileDescriptor.err);
        try {
            while (true) {
                ClientProtocol.Frame frame = ClientProtocol.read(channel);
                switch (frame.type()) {
                    case ClientProtocol.STDOUT -> {
                        if (!write(out, frame.payload())) {
                            return 141; // like any command whose reader left: SIGPIPE's status
                        }
                    }
                    case ClientProtocol.STDERR -> write(err, frame.payload());
                    case ClientProtocol.TTY_OPEN -> openTerminal();
                    case ClientProtocol.TTY_OUT -> {
                        if (tty != null) {
                            tty.write(frame.payload());
                            tty.flush();
                        }
                    }
                    case ClientProtocol.CREDIT -> grant(ByteBuffer.wrap(frame.payload()).getInt());
                    case ClientProtocol.EXIT -> {
                        exited.countDown();
                        return ByteBuffer.wrap(frame.payload()).getInt();
                    }
                    default -> throw new IOException("unexpected frame " + frame.type());
                }
            }
        } catch (IOException e) {
            exited.countDown();
            // no exit status came: the server ended (killed, crashed) with the command unfinished; the next command starts another
            System.err.println("airlock: lost the connection to the Airlock server (" + e.getMessage() + "): it ended before"
                    + " the command did, so how the command ended is unknown (a writable run can be undone: airlock rollback)"
                    + "\n  what to do: run the command again (a new server starts); see the server's log (airlock doctor),"
                    + " or run with AIRLOCK_NO_SERVER=1");
            return 125;
        }
    }

    /**
     * Writes to one of our streams; when its reader has gone (a closed pipe, as in {@code airlock run -- yes | head}),
     * stops the command instead of letting it run on unread.
     */
    private boolean write(OutputStream stream, byte[] bytes) throws IOException {
        try {
            stream.write(bytes);
            return true;
        } catch (IOException e) {
            send(ClientProtocol.CANCEL, new byte[0]);
            exited.countDown();
            return false;
        }
    }

    /**
     * Relays stdin within the server's credit: past it, this stops reading stdin (so whatever writes it waits),
     * while prompts and Ctrl-C still reach the server.
     */
    private void pumpStdin() {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new FileInputStream(FileDescriptor.in)) {
            for (int n; (n = in.read(buffer, 0, awaitCredit(buffer.length))) >= 0; ) {
                synchronized (creditLock) {
                    credit -= n;
                }
                send(ClientProtocol.STDIN, buffer, n);
            }
            send(ClientProtocol.STDIN_EOF, new byte[0]);
        } catch (IOException e) {
            // the server went away or stdin broke: the exit frame (or its absence) says what happened
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int awaitCredit(int most) throws InterruptedException {
        synchronized (creditLock) {
            while (credit <= 0) {
                creditLock.wait();
            }
            return (int) Math.min(most, credit);
        }
    }

    private void grant(int bytes) {
        synchronized (creditLock) {
            credit += Math.max(bytes, 0);
            creditLock.notifyAll();
        }
    }

    /** The server asks for the person's terminal: open it and relay what they type, or say there is none. */
    private void openTerminal() throws IOException {
        if (tty != null) {
            send(ClientProtocol.TTY_READY, new byte[0]);
            return;
        }
        FileInputStream in;
        try {
            in = new FileInputStream("/dev/tty");
            tty = new FileOutputStream("/dev/tty");
        } catch (IOException e) {
            send(ClientProtocol.TTY_NONE, ClientProtocol.utf8(e.getMessage() == null ? "no terminal" : e.getMessage()));
            return;
        }
        send(ClientProtocol.TTY_READY, new byte[0]);
        Thread.ofPlatform().daemon().name("airlock-tty").start(() -> {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    send(ClientProtocol.TTY_IN, buffer, n);
                }
            } catch (IOException e) {
                // the terminal closed
            }
        });
    }

    /** Ctrl-C: ask the server to stop the command, and give it a moment to say how it ended. */
    private void cancel() {
        if (exited.getCount() == 0) {
            return;
        }
        try {
            send(ClientProtocol.CANCEL, new byte[0]);
            exited.await(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // the server is gone; so is the command
        }
    }

    private void send(byte type, byte[] payload) throws IOException {
        send(type, payload, payload.length);
    }

    private void send(byte type, byte[] payload, int length) throws IOException {
        synchronized (writeLock) {
            ClientProtocol.write(channel, type, payload, 0, length);
        }
    }

    static String hello(String[] args, Map<String, String> env, boolean stdinTty) {
        StringBuilder json = new StringBuilder("{\"argv\":[");
        for (int i = 0; i < args.length; i++) {
            json.append(i == 0 ? "" : ",").append(ClientProtocol.quote(args[i]));
        }
        json.append("],\"cwd\":").append(ClientProtocol.quote(Path.of("").toAbsolutePath().toString()));
        json.append(",\"stdinTty\":").append(stdinTty);
        json.append(",\"stderrTty\":").append(isTerminal(2));
        json.append(",\"env\":{");
        boolean first = true;
        for (var e : env.entrySet()) {
            json.append(first ? "" : ",").append(ClientProtocol.quote(e.getKey())).append(':').append(ClientProtocol.quote(e.getValue()));
            first = false;
        }
        return json.append("}}").toString();
    }

    /**
     * Connects to the server's socket, or null when none answers. Before anything is sent the socket's folder
     * must be ours alone and the listener must run as us (or root): otherwise another local user could
     * receive the command line and environment and answer for the server.
     */
    static SocketChannel connect(Path socket) {
        Path folder = socket.getParent();
        if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            // the state folder may be a link the user made (PrivateDirs.ensureState judged its target); /tmp's may not
            PrivateDirs.checkOwn(ClientProtocol.inStateFolder(socket) ? folder.toRealPath() : folder);
        } catch (IOException e) {
            return null;
        }
        if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return null;
        }
        if (!PrivateDirs.trustedPeer(channel, true)) {
            String who = PrivateDirs.peerName(channel);
            try {
                channel.close();
            } catch (IOException e) {
                // refused either way
            }
            throw new PrivateDirs.Unsafe("refused to talk to " + socket + ": the process listening there runs as " + who
                    + ", not as you; it could be impersonating the Airlock server, and nothing was sent to it",
                    "find out who runs it (ss -xlp | grep " + socket.getFileName() + "), stop it or remove the socket, and try again");
        }
        return channel;
    }

    /** Waits for the server's socket, and no longer than the server lives: one that failed to start is not waited for. */
    private static SocketChannel await(Path socket, Process server) throws InterruptedException {
        long deadline = System.currentTimeMillis() + START_WAIT_MS;
        for (int wait = 10; System.currentTimeMillis() < deadline; wait = Math.min(wait * 2, 200)) {
            SocketChannel channel = connect(socket);
            if (channel != null) {
                return channel;
            }
            // exit 0 may be a setsid that forked the server off: only a failure means it will not come
            if (!server.isAlive() && server.exitValue() != 0) {
                return connect(socket);
            }
            Thread.sleep(wait);
        }
        return null;
    }

    /** The end of the server's log (why it did not start), as a few indented lines after a colon. */
    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return last.isEmpty() ? "" : ":\n  " + String.join("\n  ", last.stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Starts the server detached from this terminal (its own session), logging to the state folder. */
    private static Process startServer(Path state, Path log) throws IOException {
        PrivateDirs.ensureState(state, line -> System.err.println("airlock: " + line));
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classpath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(List.of(java, "-XX:+UseSerialGC", "-Xms16m", "-Xmx512m", "-Xshare:auto",
                // the short socket folder hangs off java.io.tmpdir: the server must find the one we look in
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir", "/tmp"), "-cp", classpath,
                "dev.airlock.cli.Main", "server"));
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
    }

    private static void inProcess(String[] args) throws Exception {
        Method main = Class.forName("dev.airlock.cli.Main").getMethod("main", String[].class);
        main.invoke(null, (Object) args);
    }

    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
