package dev.airlock.client;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The one place that finds Airlock's state folder and keeps it, and the server's socket folder, private to
 * its user: created 0700, a wider one of ours tightened, one of anyone else refused; and who answers on the
 * server's socket. Client, server and sessions all go through here, so they agree on paths and rules.
 */
public final class PrivateDirs {

    private static final int GROUP_OTHER = 0077;
    private static final int OTHER_WRITE = 0002;
    private static final int STICKY = 01000;

    private PrivateDirs() {
    }

    /** A folder Airlock will not use, and why; the hint says what to do. */
    public static final class Unsafe extends RuntimeException {
        private final String hint;

        Unsafe(String message, String hint) {
            super(message);
            this.hint = hint;
        }

        public String hint() {
            return hint;
        }
    }

    /**
     * {@code <java.io.tmpdir>/airlock-<uid>} (/tmp unless the JVM is told otherwise), for sockets whose path in
     * the state folder would be too long: a place anyone may create first, so whoever uses it checks it with
     * {@link #checkOwn} (or {@link #ensureOwn}) before trusting it.
     */
    public static Path shortSocketDir(long uid) {
        return Path.of(System.getProperty("java.io.tmpdir", "/tmp"), "airlock-" + uid);
    }

    /** Airlock's state folder for an environment: AIRLOCK_STATE_DIR, XDG_STATE_HOME/airlock, ~/.local/state/airlock. */
    public static Path stateDir(Map<String, String> env) {
        String explicit = env.get("AIRLOCK_STATE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "airlock").toAbsolutePath();
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "airlock");
    }

    /**
     * Makes the state folder exist and be ours alone: created 0700; one of ours that is wider is made 0700
     * (told to {@code notice}); one of another user, or under a folder another user could swap, is refused.
     */
    public static Path ensureState(Path dir, Consumer<String> notice) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                createPrivate(dir);
            }
            // a state folder that is a link is judged by what it names; its ancestors must be ours or root's
            Path real = dir.toRealPath();
            checkAncestors(real, dir);
            Attrs a = Attrs.of(real);
            if (!a.directory()) {
                throw new Unsafe("Airlock's state folder " + dir + " is not a folder", "remove it, or set AIRLOCK_STATE_DIR to a folder of your own");
            }
            if (a.uid() != uid()) {
                throw new Unsafe("Airlock's state folder " + dir + " belongs to uid " + a.uid() + ", not to you (uid " + uid()
                        + "): its owner could read and change what Airlock keeps there",
                        "remove it, or set AIRLOCK_STATE_DIR to a folder of your own");
            }
            if ((a.mode() & GROUP_OTHER) != 0) {
                Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
                notice.accept("made the state folder " + dir + " private to you (it was " + octal(a.mode())
                        + "; checkpoints and audit logs are kept there)");
            }
            return dir;
        } catch (IOException e) {
            throw new Unsafe("cannot make Airlock's state folder " + dir + ": " + e.getMessage(),
                    "set AIRLOCK_STATE_DIR to a folder you can write");
        }
    }

    /**
     * A folder of ours in a place others may write too (the short socket folder under /tmp): made 0700 when
     * absent; when present it must be a real folder (not a link), ours, and 0700, or it is refused untouched,
     * since another user may have made it to receive what we send.
     */
    public static Path ensureOwn(Path dir) {
        try {
            createPrivate(dir);
        } catch (FileAlreadyExistsException e) {
            // checked below, whoever made it
        } catch (IOException e) {
            throw new Unsafe("cannot make the folder " + dir + ": " + e.getMessage(), "check the permissions of " + dir.getParent());
        }
        checkOwn(dir);
        return dir;
    }

    /** Refuses a folder that is not a real folder of ours, with no access for anyone else. */
    public static void checkOwn(Path dir) {
        Attrs a;
        try {
            a = Attrs.of(dir);
        } catch (IOException e) {
            throw new Unsafe("cannot check the folder " + dir + ": " + e.getMessage(), "remove it and try again");
        }
        String hint = "another local user may have made it to impersonate Airlock: check who owns it (ls -ld " + dir
                + "), remove it, and try again";
        if (a.link() || !a.directory()) {
            throw new Unsafe(dir + " is not a folder but a " + (a.link() ? "symbolic link" : "file"), hint);
        }
        if (a.uid() != uid()) {
            throw new Unsafe(dir + " belongs to uid " + a.uid() + ", not to you (uid " + uid() + ")", hint);
        }
        if ((a.mode() & GROUP_OTHER) != 0) {
            throw new Unsafe(dir + " is open to other users (mode " + octal(a.mode()) + ", not 0700)", hint);
        }
    }

    /** Makes the folders from {@code dir} up to (not including) an existing ancestor, each 0700. */
    public static Path mkdirs(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            mkdirs(parent);
        }
        try {
            createPrivate(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        return dir;
    }

    /**
     * Who listens on a connected socket, from the kernel (SO_PEERCRED): we accept ourselves and root, nobody
     * else; when the credentials cannot be read the answer is no.
     */
    public static boolean trustedPeer(SocketChannel channel, boolean rootToo) {
        try {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            UserPrincipal me = Files.getOwner(Path.of("/proc/self"));
            if (peer.user().equals(me)) {
                return true;
            }
            return rootToo && peer.user().equals(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("root"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The peer's user name, for a message. */
    public static String peerName(SocketChannel channel) {
        try {
            return channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "an unknown user";
        }
    }

    /** Our (effective) uid. */
    public static long uid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            throw new Unsafe("cannot tell which user this is (/proc/self: " + e.getMessage() + ")", "run Airlock on Linux with /proc mounted");
        }
    }

    private static void createPrivate(Path dir) throws IOException {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Each folder above the state folder is root's or ours, and nobody else may rename what is in it. */
    private static void checkAncestors(Path real, Path named) throws IOException {
        long me = uid();
        for (Path p = real.getParent(); p != null; p = p.getParent()) {
            Attrs a = Attrs.of(p);
            boolean foreign = a.uid() != 0 && a.uid() != me;
            boolean openToAll = (a.mode() & OTHER_WRITE) != 0 && (a.mode() & STICKY) == 0;
            if (foreign || openToAll) {
                throw new Unsafe("Airlock's state folder " + named + " is inside " + p + ", which "
                        + (foreign ? "belongs to uid " + a.uid() : "anyone may write (mode " + octal(a.mode()) + ")")
                        + ": its contents could be swapped under Airlock",
                        "set AIRLOCK_STATE_DIR to a folder under your home");
            }
        }
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    private record Attrs(long uid, int mode, boolean directory, boolean link) {
        static Attrs of(Path p) throws IOException {
            Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            int type = mode & 0170000;
            return new Attrs(((Number) a.get("uid")).longValue(), mode, type == 0040000, type == 0120000);
        }
    }
}
