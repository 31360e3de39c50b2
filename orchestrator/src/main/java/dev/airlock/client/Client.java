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

    private static final List<String> IN_PROCESS = List.of("server", "mcp");
    private static final long START_WAIT_MS = 30_000;

    private final SocketChannel channel;
    private final Object writeLock = new Object();
    private final CountDownLatch exited = new CountDownLatch(1);
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
        Path state = Wire.stateDir(env);
        Path socket = Wire.socket(state, uid());
        SocketChannel channel = connect(socket);
        if (channel == null) {
            startServer(state);
            channel = await(socket);
        }
        if (channel == null) {
            System.err.println("airlock: the Airlock server did not start; see " + state.resolve("server.log")
                    + "\n  what to do: run it in this process with AIRLOCK_NO_SERVER=1, or start it by hand: airlock server");
            System.exit(125);
        }
        System.exit(new Client(channel).run(args, env));
    }

    private int run(String[] args, Map<String, String> env) throws IOException {
        boolean stdinTty = isTerminal(0);
        send(Wire.HELLO, Wire.utf8(hello(args, env, stdinTty)));
        Runtime.getRuntime().addShutdownHook(new Thread(this::cancel, "airlock-cancel"));
        if (stdinTty) {
            send(Wire.STDIN_EOF, new byte[0]);
        } else {
            Thread.ofPlatform().daemon().name("airlock-stdin").start(this::pumpStdin);
        }
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        FileOutputStream err = new FileOutputStream(FileDescriptor.err);
        try {
            while (true) {
                Wire.Frame frame = Wire.read(channel);
                switch (frame.type()) {
                    case Wire.STDOUT -> {
                        if (!write(out, frame.payload())) {
                            return 141; // like any command whose reader left: SIGPIPE's status
                        }
                    }
                    case Wire.STDERR -> write(err, frame.payload());
                    case Wire.TTY_OPEN -> openTerminal();
                    case Wire.TTY_OUT -> {
                        if (tty != null) {
                            tty.write(frame.payload());
                            tty.flush();
                        }
                    }
                    case Wire.EXIT -> {
                        exited.countDown();
                        return ByteBuffer.wrap(frame.payload()).getInt();
                    }
                    default -> throw new IOException("unexpected frame " + frame.type());
                }
            }
        } catch (IOException e) {
            exited.countDown();
            System.err.println("airlock: lost the connection to the Airlock server (" + e.getMessage() + ")"
                    + "\n  what to do: see the server's log (airlock doctor), or run with AIRLOCK_NO_SERVER=1");
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
            send(Wire.CANCEL, new byte[0]);
            exited.countDown();
            return false;
        }
    }

    private void pumpStdin() {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new FileInputStream(FileDescriptor.in)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                send(Wire.STDIN, buffer, n);
            }
            send(Wire.STDIN_EOF, new byte[0]);
        } catch (IOException e) {
            // the server went away or stdin broke: the exit frame (or its absence) says what happened
        }
    }

    /** The server asks for the person's terminal: open it and relay what they type, or say there is none. */
    private void openTerminal() throws IOException {
        if (tty != null) {
            send(Wire.TTY_READY, new byte[0]);
            return;
        }
        FileInputStream in;
        try {
            in = new FileInputStream("/dev/tty");
            tty = new FileOutputStream("/dev/tty");
        } catch (IOException e) {
            send(Wire.TTY_NONE, Wire.utf8(e.getMessage() == null ? "no terminal" : e.getMessage()));
            return;
        }
        send(Wire.TTY_READY, new byte[0]);
        Thread.ofPlatform().daemon().name("airlock-tty").start(() -> {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    send(Wire.TTY_IN, buffer, n);
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
            send(Wire.CANCEL, new byte[0]);
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
            Wire.write(channel, type, payload, 0, length);
        }
    }

    static String hello(String[] args, Map<String, String> env, boolean stdinTty) {
        StringBuilder json = new StringBuilder("{\"argv\":[");
        for (int i = 0; i < args.length; i++) {
            json.append(i == 0 ? "" : ",").append(Wire.quote(args[i]));
        }
        json.append("],\"cwd\":").append(Wire.quote(Path.of("").toAbsolutePath().toString()));
        json.append(",\"stdinTty\":").append(stdinTty);
        json.append(",\"stderrTty\":").append(isTerminal(2));
        json.append(",\"env\":{");
        boolean first = true;
        for (var e : env.entrySet()) {
            json.append(first ? "" : ",").append(Wire.quote(e.getKey())).append(':').append(Wire.quote(e.getValue()));
            first = false;
        }
        return json.append("}}").toString();
    }

    private static SocketChannel connect(Path socket) {
        if (!Files.exists(socket)) {
            return null;
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            return null;
        }
    }

    private static SocketChannel await(Path socket) throws InterruptedException {
        long deadline = System.currentTimeMillis() + START_WAIT_MS;
        for (int wait = 10; System.currentTimeMillis() < deadline; wait = Math.min(wait * 2, 200)) {
            SocketChannel channel = connect(socket);
            if (channel != null) {
                return channel;
            }
            Thread.sleep(wait);
        }
        return null;
    }

    /** Starts the server detached from this terminal (its own session), logging to the state folder. */
    private static void startServer(Path state) throws IOException {
        Files.createDirectories(state);
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classpath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(List.of(java, "-XX:+UseSerialGC", "-Xms16m", "-Xmx512m", "-Xshare:auto", "-cp", classpath,
                "dev.airlock.cli.Main", "server"));
        new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("server.log").toFile()))
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

    private static long uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return 0;
        }
    }
}
