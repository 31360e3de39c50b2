package dev.airlock.session;

import dev.airlock.AirlockException;
import dev.airlock.client.PrivateDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Where Airlock keeps its state: {@code $AIRLOCK_STATE_DIR}, else {@code $XDG_STATE_HOME/airlock}, else
 * {@code ~/.local/state/airlock}. Never inside a workspace, which a sandbox may write.
 */
public record StateDir(Path root) {

    private static final java.util.Set<Path> CHECKED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The state folder of an environment, by the rule the client and the server share (so both find the same
     * socket), made 0700 if it was wider (saying so to {@code notice}); refused when it belongs to someone else.
     */
    public static StateDir resolve(Map<String, String> env, java.util.function.Consumer<String> notice) {
        Path root = PrivateDirs.stateDir(env);
        // once per process and folder: the checks cost a few system calls, and commands resolve it often
        if (!CHECKED.contains(root) || !Files.isDirectory(root)) {
            try {
                PrivateDirs.ensureState(root, notice);
            } catch (PrivateDirs.Unsafe e) {
                throw AirlockException.failure(e.getMessage(), e.hint());
            }
            CHECKED.add(root);
        }
        return new StateDir(root);
    }

    /**
     * The checkpoint store of a workspace, shared by its sessions: a new session's first checkpoint then
     * costs what a later one does, not a copy of the whole tree.
     */
    public Path checkpointStore(Workspace workspace) {
        return root.resolve("workspaces").resolve(workspace.key()).resolve("checkpoints.git");
    }

    /**
     * The folder of the egress proxies' sockets for a workspace's disposable runs, which their containers mount
     * at {@code /run/airlock}: one per workspace, not per command, so a pooled container made before its run
     * already mounts the folder its run's proxy will listen in. It is never listable by a sandbox and each
     * proxy's socket has a random 128-bit name; it is kept, since a removed and remade folder is not the one
     * a pooled container mounts.
     */
    public Path egressOf(Workspace workspace) {
        return socketFolder(root.resolve("egress").resolve(workspace.key()), "egress-" + workspace.key());
    }

    /**
     * A folder for unix sockets: {@code preferred} when a socket's path in it fits the 108-byte limit, else
     * {@code fallbackName} in this user's short socket folder under /tmp, used only when it is ours alone.
     */
    public Path socketFolder(Path preferred, String fallbackName) {
        if (preferred.resolve("x".repeat(SOCKET_NAME_ROOM)).toString().length() < 100) {
            return preferred;
        }
        // anyone may make /tmp/airlock-<uid> first: use it only when it is ours alone
        Path shared = PrivateDirs.shortSocketDir(PrivateDirs.uid());
        try {
            PrivateDirs.ensureOwn(shared);
        } catch (PrivateDirs.Unsafe e) {
            throw AirlockException.failure("not run: no safe folder for the egress socket (" + e.getMessage() + ")", e.hint());
        }
        return shared.resolve(fallbackName);
    }

    /** Room left for a socket's name in a socket folder (the egress proxy's names are this long). */
    private static final int SOCKET_NAME_ROOM = SessionEgress.SOCKET_NAME_LENGTH;

    /** Where a workspace's tool caches live on the host: one folder per cache folder of the sandbox's home. */
    public Path cachesOf(Workspace workspace) {
        return root.resolve("caches").resolve(workspace.key());
    }

    /**
     * Files Airlock mounts into sandboxes: {@code /etc/passwd} and {@code /etc/group} naming the user (tools
     * that look the user up need them), the empty file and folder mounted over masked secrets, and Airlock's
     * static helper ({@link dev.airlock.runtime.Helper}).
     */
    public record RunFiles(Path passwd, Path group, Path emptyFile, Path emptyDir, Path helper, java.util.Optional<Path> gitIdentity) {
        public RunFiles(Path passwd, Path group, Path emptyFile, Path emptyDir, Path helper) {
            this(passwd, group, emptyFile, emptyDir, helper, java.util.Optional.empty());
        }

        /** The same files, and the caller's git identity ({@link GitIdentity#file}) when there is one. */
        public RunFiles withGitIdentity(java.util.Optional<Path> file) {
            return new RunFiles(passwd, group, emptyFile, emptyDir, helper, file);
        }
    }

    private static final java.util.Map<String, RunFiles> WRITTEN = new java.util.concurrent.ConcurrentHashMap<>();

    /** Writes (once, atomically) the files sandboxes of this identity mount; later calls only check they are there. */
    public RunFiles runFiles(Identity id) {
        RunFiles known = WRITTEN.get(root + ":" + id.user());
        if (known != null && Files.exists(known.passwd()) && Files.exists(known.group()) && Files.exists(known.emptyFile())
                && Files.exists(known.helper())) {
            return known;
        }
        RunFiles files = writeRunFiles(id);
        WRITTEN.put(root + ":" + id.user(), files);
        return files;
    }

    private RunFiles writeRunFiles(Identity id) {
        Path dir = root.resolve("run");
        Path passwd = dir.resolve("passwd-" + id.uid() + "-" + id.gid());
        Path group = dir.resolve("group-" + id.uid() + "-" + id.gid());
        String home = SpecFactory.HOME;
        String passwdText = id.uid() == 0
                ? "root:x:0:0:root:" + home + ":/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
                : "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
                        + SpecFactory.USER + ":x:" + id.uid() + ":" + id.gid() + ":Airlock sandbox user:" + home + ":/bin/bash\n";
        String groupText = id.gid() == 0
                ? "root:x:0:\nnogroup:x:65534:\n"
                : "root:x:0:\nnogroup:x:65534:\n" + SpecFactory.USER + ":x:" + id.gid() + ":\n";
        Path empty = dir.resolve("empty");
        Path emptyDir = dir.resolve("empty.d");
        Path helper;
        try {
            PrivateDirs.mkdirs(dir);
            writeIfDifferent(passwd, passwdText);
            writeIfDifferent(group, groupText);
            if (!Files.exists(empty)) {
                writeIfDifferent(empty, "");
            }
            Files.createDirectories(emptyDir);
            Files.setPosixFilePermissions(empty, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
            Files.setPosixFilePermissions(emptyDir, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
            helper = dev.airlock.runtime.Helper.install(dir);
        } catch (IOException e) {
            throw AirlockException.failure("cannot write Airlock's state under " + root + ": " + e.getMessage(),
                    "set AIRLOCK_STATE_DIR to a folder you can write");
        }
        return new RunFiles(passwd, group, empty, emptyDir, helper);
    }

    private static void writeIfDifferent(Path file, String text) throws IOException {
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            return;
        }
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
