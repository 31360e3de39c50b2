package dev.airlock.runtime;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Airlock's own static helper ({@code src/main/c/airlock-helper.c}, carried in the jar), mounted read-only
 * into every sandbox: the idle process, the command launcher, the egress relay, the kill and the readings
 * Airlock takes inside, so that an image needs no {@code cat}, {@code sh} or {@code socat} of its own.
 */
public final class Helper {

    /** Where the helper is mounted in a sandbox. */
    public static final String PATH = "/run/airlock-helper";
    private static final String RESOURCE = "airlock-helper";

    private Helper() {
    }

    /** The idle process: reads stdin until it ends. */
    public static List<String> idle() {
        return List.of(PATH, "idle");
    }

    /** Runs {@code argv} found in {@code PATH}, as {@code env(1)}: 127 when missing, 126 when not runnable. */
    public static List<String> run(List<String> argv) {
        return with(List.of(PATH, "run"), argv);
    }

    /** Listens on {@code 127.0.0.1:3128} for the proxy socket {@code socket} of the egress folder, then runs {@code argv}. */
    public static List<String> relay(String socket, List<String> argv) {
        if (!socket.matches("[A-Za-z0-9._-]{1,64}") || socket.equals(".") || socket.equals("..")) {
            throw new IllegalArgumentException("not a socket name: " + socket);
        }
        return with(List.of(PATH, "relay", socket), argv);
    }

    /** An ssh {@code ProxyCommand} that tunnels through the relay (HTTP CONNECT). */
    public static String sshProxyCommand() {
        return PATH + " connect %h %p";
    }

    /** Kills every process of the caller's user but itself, in one system call. */
    public static List<String> killAll() {
        return List.of(PATH, "kill");
    }

    /** Prints the memory cgroup's OOM-kill count. */
    public static List<String> oomCount() {
        return List.of(PATH, "oom");
    }

    /** Prints {@code /proc/self/mountinfo}. */
    public static List<String> mountInfo() {
        return List.of(PATH, "mountinfo");
    }

    /** Whether a spec mounts the helper (specs made by hand, in tests, may not). */
    public static boolean mountedIn(ContainerSpec spec) {
        return spec.mounts().stream().anyMatch(m -> m.containerPath().equals(PATH));
    }

    /**
     * Writes the helper the jar carries into {@code dir} (a private folder of the state dir) under a name
     * made of its hash, mode {@code r-xr-xr-x}, atomically; a file already there is used when its content
     * matches. Returns its path, to be bind-mounted read-only.
     */
    public static Path install(Path dir) {
        byte[] binary = binary();
        String name = RESOURCE + "-" + HexFormat.of().formatHex(sha256(binary), 0, 8);
        Path target = dir.resolve(name);
        try {
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    && java.util.Arrays.equals(Files.readAllBytes(target), binary)) {
                return target;
            }
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            try {
                Files.write(tmp, binary);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r-xr-xr-x"));
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw AirlockException.failure("could not write Airlock's sandbox helper to " + target + ": " + e.getMessage(),
                    "check that the state folder is writable (AIRLOCK_STATE_DIR)");
        }
    }

    private static byte[] binary() {
        try (InputStream in = Helper.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw AirlockException.failure("this build of Airlock carries no sandbox helper (" + RESOURCE + ")",
                        "rebuild with gcc installed: mvn package compiles orchestrator/src/main/c/airlock-helper.c");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw AirlockException.failure("could not read Airlock's sandbox helper from the jar: " + e.getMessage(), "rebuild Airlock");
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> with(List<String> head, List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        List<String> out = new ArrayList<>(head);
        out.addAll(argv);
        return List.copyOf(out);
    }
}
