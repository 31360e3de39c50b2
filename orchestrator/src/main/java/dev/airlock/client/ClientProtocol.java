package dev.airlock.client;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client-server protocol: frames of {@code [type: 1 byte][length: 4 bytes][payload]} in both directions
 * over one unix socket connection. Shared by the client and the server, so it depends on nothing but java.base.
 */
public final class ClientProtocol {

    /** client to server: the invocation (JSON: argv, cwd, env, stdinTty) */
    public static final byte HELLO = 1;
    /** client to server: bytes of the client's stdin */
    public static final byte STDIN = 2;
    /** client to server: the client's stdin ended */
    public static final byte STDIN_EOF = 3;
    /** client to server: a line the person typed on the terminal */
    public static final byte TTY_IN = 4;
    /** client to server: the terminal is open, or there is none */
    public static final byte TTY_READY = 5;
    public static final byte TTY_NONE = 6;
    /** client to server: the person pressed Ctrl-C */
    public static final byte CANCEL = 7;
    /** server to client: bytes for stdout, for stderr, for the terminal */
    public static final byte STDOUT = 11;
    public static final byte STDERR = 12;
    public static final byte TTY_OUT = 13;
    /** server to client: open the terminal for a prompt */
    public static final byte TTY_OPEN = 14;
    /** server to client: the exit status (4 bytes); the last frame */
    public static final byte EXIT = 15;
    /**
     * server to client: the client may send this many more bytes of stdin (4 bytes). The first comes after
     * the hello; the client sends stdin only within what it was granted, so stdin never piles up in the server.
     */
    public static final byte CREDIT = 16;

    static final int MAX_FRAME = 1 << 20;

    private ClientProtocol() {
    }

    /** One frame as read. */
    public record Frame(byte type, byte[] payload) {
    }

    /** Writes one frame whole; callers writing from several threads hold one lock around this. */
    public static void write(SocketChannel channel, byte type, byte[] bytes, int off, int len) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5).put(type).putInt(len).flip();
        ByteBuffer body = ByteBuffer.wrap(bytes, off, len);
        while (header.hasRemaining() || body.hasRemaining()) {
            channel.write(new ByteBuffer[] {header, body});
        }
    }

    public static Frame read(ReadableByteChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5);
        fill(channel, header);
        byte type = header.get(0);
        int length = header.getInt(1);
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("bad frame length " + length);
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        fill(channel, body);
        return new Frame(type, body.array());
    }

    private static void fill(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("connection closed");
            }
        }
    }

    /** The engine Docker's own clients use when nothing names another. */
    public static final String DEFAULT_ENGINE = "unix:///var/run/docker.sock";

    /**
     * The engine settings docker-java reads from the environment: together they name the engine a server
     * talks to, so each distinct set gets a server of its own (the native client keeps the same list).
     */
    public static final List<String> ENGINE_SETTINGS =
            List.of("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONFIG");

    /**
     * Which engine an environment names, as a short key: empty for the default engine (no setting, or
     * {@code DOCKER_HOST=unix:///var/run/docker.sock}, {@code DOCKER_CONTEXT=default}), else the FNV-1a hash
     * (8 hex digits) of the settings that are set, one {@code NAME=value\n} each in {@link #ENGINE_SETTINGS}'
     * order. The native client computes the same key from the same bytes.
     */
    public static String engineKey(Map<String, String> env) {
        StringBuilder named = new StringBuilder();
        for (String name : ENGINE_SETTINGS) {
            String value = env.get(name);
            if (value == null || value.isEmpty()
                    || name.equals("DOCKER_HOST") && value.equals(DEFAULT_ENGINE)
                    || name.equals("DOCKER_CONTEXT") && value.equals("default")) {
                continue;
            }
            named.append(name).append('=').append(value).append('\n');
        }
        if (named.isEmpty()) {
            return "";
        }
        int hash = 0x811c9dc5;
        for (byte b : utf8(named.toString())) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        return String.format("%08x", hash);
    }

    /**
     * The engine settings an environment makes, as Docker's own CLI reads them: those of {@link #ENGINE_SETTINGS}
     * that are set, and, when neither {@code DOCKER_HOST} nor {@code DOCKER_CONTEXT} is, the context {@code docker
     * context use} chose ({@code currentContext} in {@code $DOCKER_CONFIG/config.json}, else
     * {@code $HOME/.docker/config.json}) as {@code DOCKER_CONTEXT}. So a context switched to after a server started
     * picks another server, where the environment alone still named the old one. The native client reads the same
     * file the same way.
     */
    public static Map<String, String> engineSettings(Map<String, String> env) {
        Map<String, String> named = new LinkedHashMap<>();
        for (String name : ENGINE_SETTINGS) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                named.put(name, value);
            }
        }
        if (!named.containsKey("DOCKER_HOST") && !named.containsKey("DOCKER_CONTEXT")) {
            String folder = named.get("DOCKER_CONFIG");
            String home = env.get("HOME");
            Path config = folder != null ? Path.of(folder, "config.json")
                    : home != null && !home.isEmpty() ? Path.of(home, ".docker", "config.json") : null;
            String context = config == null ? null : currentContext(config);
            if (context != null) {
                named.put("DOCKER_CONTEXT", context);
            }
        }
        return named;
    }

    /** Larger config files are read by nobody here: the native client hands them to the Java client, which reads them. */
    static final int CONFIG_LIMIT = 1 << 20;

    /**
     * The {@code currentContext} of a Docker config file, or null: the first {@code "currentContext"} key's string
     * value when it is a context name Docker allows ({@code [a-zA-Z0-9][a-zA-Z0-9_.+-]*}). A scan, not a JSON
     * parser (the client has none); the native client's scan is the same, so both name the same server.
     */
    static String currentContext(Path config) {
        byte[] bytes;
        try {
            if (Files.size(config) > CONFIG_LIMIT) {
                return null;
            }
            bytes = Files.readAllBytes(config);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"currentContext\"");
        if (at < 0) {
            return null;
        }
        int i = skipSpace(text, at + "\"currentContext\"".length());
        if (i >= text.length() || text.charAt(i) != ':') {
            return null;
        }
        i = skipSpace(text, i + 1);
        if (i >= text.length() || text.charAt(i) != '"') {
            return null;
        }
        int end = text.indexOf('"', i + 1);
        String name = end < 0 ? "" : text.substring(i + 1, end);
        return name.matches("[a-zA-Z0-9][a-zA-Z0-9_.+-]*") && !name.equals("default") ? name : null;
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && " \t\r\n".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /**
     * The server's socket for a state folder and an engine ({@link #engineKey}): {@code <state>/server.sock}
     * for the default engine, {@code <state>/server-<key>.sock} for another, so a caller's engine settings pick
     * the server that uses them. When that path is too long for a unix socket, a short one in
     * {@link PrivateDirs#shortSocketDir} named after the state folder (and the key).
     */
    public static Path socket(Path stateDir, long uid, String engineKey) {
        String suffix = engineKey.isEmpty() ? "" : "-" + engineKey;
        Path preferred = stateDir.resolve("server" + suffix + ".sock");
        if (preferred.toString().length() < 100) {
            return preferred;
        }
        return PrivateDirs.shortSocketDir(uid).resolve(Integer.toHexString(stateDir.toString().hashCode()) + suffix + ".sock");
    }

    /** The log of a state folder's server for an engine: {@code server.log}, or {@code server-<key>.log}. */
    public static Path log(Path stateDir, String engineKey) {
        return stateDir.resolve(engineKey.isEmpty() ? "server.log" : "server-" + engineKey + ".log");
    }

    /**
     * Whether a socket is a state folder's own ({@code server*.sock}) rather than a short one under /tmp: the
     * state folder may be a link the user made, the short folder may not.
     */
    public static boolean inStateFolder(Path socket) {
        return socket.getFileName().toString().startsWith("server");
    }

    /** The default engine's socket for a state folder. */
    public static Path socket(Path stateDir, long uid) {
        return socket(stateDir, uid, "");
    }

    /** A JSON string literal (the client writes JSON without a library). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
