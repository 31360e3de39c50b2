package dev.airlock.branch;

import dev.airlock.AirlockException;
import dev.airlock.guard.GitConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The user's repository folder, read and written without running git: its config (fsmonitor, hooks, anything it
 * names) is never consulted. Everything goes through directory handles that follow no link, the way git writes
 * refs (a lock file renamed over the ref); a {@code .git} that redirects git elsewhere is refused.
 */
final class RepoFolder implements AutoCloseable {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    /** git's own rule for ref names (check-ref-format), less {@code ..} and {@code @{}, checked apart. */
    private static final Pattern BRANCH = Pattern.compile("refs/heads/[^\\x00-\\x20\\x7f~^:?*\\[\\\\]{1,200}");
    private static final int SMALL = 64 * 1024;

    /** Files that point git somewhere else than this folder, or change how refs are stored: refused. */
    private static final Set<String> REDIRECTS = Set.of("commondir", "config.worktree", "gitdir", "reftable");

    private final Path git;
    private final DirectoryStream<Path> rootStream;
    private final SecureDirectoryStream<Path> dir;
    private final String config;

    private RepoFolder(Path git, DirectoryStream<Path> rootStream, SecureDirectoryStream<Path> dir, String config) {
        this.git = git;
        this.rootStream = rootStream;
        this.dir = dir;
        this.config = config;
    }

    /** Opens {@code workspace/.git}, refusing a link, a gitfile, a redirect, or a config that moves things. */
    static RepoFolder open(Path workspace) {
        Path git = workspace.resolve(".git");
        BasicFileAttributes attrs = attributes(git).orElseThrow(() -> AirlockException.usage(
                "a session branch needs a git repository, and " + workspace + " is not one",
                "run git init there first, or omit --branch"));
        if (attrs.isSymbolicLink() || attrs.isRegularFile()) {
            throw refused(git, attrs.isSymbolicLink() ? "is a symbolic link" : "is a file that points to a repository elsewhere (a worktree or submodule)");
        }
        if (!attrs.isDirectory()) {
            throw refused(git, "is not a folder");
        }
        DirectoryStream<Path> rootStream = null;
        try {
            rootStream = Files.newDirectoryStream(workspace);
            SecureDirectoryStream<Path> dir = secure(rootStream).newDirectoryStream(Path.of(".git"), NOFOLLOW);
            for (String redirect : REDIRECTS) {
                if (exists(dir, redirect)) {
                    throw refused(git, "has " + redirect + ", which points git outside this folder or stores refs in a way Airlock does not write");
                }
            }
            String config = readSmall(dir, "config").orElse("");
            RepoFolder folder = new RepoFolder(git, rootStream, dir, config);
            redirection(config).ifPresent(why -> {
                folder.close();
                throw refused(git.resolve("config"), why);
            });
            return folder;
        } catch (IOException e) {
            closeQuietly(rootStream);
            throw AirlockException.failure("cannot read the repository " + git + " (" + e.getClass().getSimpleName() + ")",
                    "check the repository's permissions");
        } catch (RuntimeException e) {
            closeQuietly(rootStream);
            throw e;
        }
    }

    Path path() {
        return git;
    }

    /** Whether the repository stores SHA-256 object names ({@code extensions.objectformat}). */
    boolean sha256() {
        try {
            return GitConfig.parse(config).stream()
                    .anyMatch(e -> e.key().equals("extensions.objectformat") && e.value().map(v -> v.equalsIgnoreCase("sha256")).orElse(false));
        } catch (GitConfig.Malformed m) {
            return false;
        }
    }

    /** The branch HEAD names ({@code refs/heads/...}), or empty when HEAD is detached. */
    Optional<String> headRef() throws IOException {
        String head = readSmall(dir, "HEAD").orElseThrow(() -> refused(git.resolve("HEAD"), "is missing or not a file")).strip();
        if (head.startsWith("ref:")) {
            String ref = head.substring(4).strip();
            checkBranch(ref, git.resolve("HEAD"));
            return Optional.of(ref);
        }
        if (OBJECT_ID.matcher(head).matches()) {
            return Optional.empty();
        }
        throw refused(git.resolve("HEAD"), "is neither a branch nor a commit id");
    }

    /** The commit HEAD is at; empty in a repository with no commit yet. */
    Optional<String> headCommit() throws IOException {
        Optional<String> ref = headRef();
        if (ref.isPresent()) {
            return resolve(ref.get());
        }
        return Optional.of(readSmall(dir, "HEAD").orElseThrow().strip());
    }

    static void checkBranch(String ref, Path where) {
        if (!BRANCH.matcher(ref).matches() || ref.contains("..") || ref.contains("@{") || ref.contains("//")
                || ref.endsWith(".lock") || ref.endsWith("/") || ref.endsWith(".")) {
            throw refused(where, "does not name a branch under refs/heads");
        }
    }

    /** The commit a branch points to: its loose ref file, else its line in packed-refs; empty when absent. */
    Optional<String> resolve(String ref) throws IOException {
        Optional<String> loose = readNested(ref);
        if (loose.isPresent()) {
            String id = loose.get().strip();
            if (!OBJECT_ID.matcher(id).matches()) {
                throw new IOException("the ref is not a commit id");
            }
            return Optional.of(id);
        }
        for (String line : readSmall(dir, "packed-refs", 64L * 1024 * 1024).orElse("").split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length == 2 && fields[1].equals(ref) && OBJECT_ID.matcher(fields[0]).matches()) {
                return Optional.of(fields[0]);
            }
        }
        return Optional.empty();
    }

    /**
     * Points a branch at {@code commit}: creates it when {@code expected} is empty (refusing one that exists), else
     * moves it only from {@code expected} (compare-and-swap, as {@code update-ref} does).
     */
    void writeRef(String ref, String commit, Optional<String> expected) throws IOException {
        checkBranch(ref, git.resolve(ref));
        Optional<String> now = resolve(ref);
        if (!now.equals(expected)) {
            throw new FileAlreadyExistsException(ref, null, now.isPresent() ? "points elsewhere" : "is gone");
        }
        inFolderOf(ref, true, (folder, leaf) -> {
            replace(folder, Path.of(leaf), commit + "\n");
            return null;
        });
    }

    /** Removes a loose branch ref when it still points at {@code expected}; a packed one is left (git gc prunes it). */
    boolean deleteRef(String ref, String expected) throws IOException {
        checkBranch(ref, git.resolve(ref));
        if (!readNested(ref).map(String::strip).equals(Optional.of(expected))) {
            return false;
        }
        return inFolderOf(ref, false, (folder, leaf) -> {
            folder.deleteFile(Path.of(leaf));
            return true;
        });
    }

    /** Adds a pack and its index to {@code objects/pack}: the pack first, the index last (git uses a pack once its index is there). */
    void addPack(Path pack, Path index) throws IOException {
        try (SecureDirectoryStream<Path> objects = dir.newDirectoryStream(Path.of("objects"), NOFOLLOW)) {
            if (!exists(objects, "pack")) {
                Files.createDirectory(git.resolve("objects").resolve("pack"));
            }
            try (SecureDirectoryStream<Path> packs = objects.newDirectoryStream(Path.of("pack"), NOFOLLOW)) {
                for (Path file : new Path[] {pack, index}) {
                    String name = file.getFileName().toString();
                    if (!exists(packs, name)) {
                        copyIn(packs, name, file);
                    }
                }
            }
        }
    }

    /**
     * Copies the repository's own objects (loose ones and packs, regular files only, no link followed) into
     * {@code into}; a repository whose objects live partly elsewhere (alternates) is refused.
     */
    void copyObjectsTo(Path into) throws IOException {
        Files.createDirectories(into.resolve("pack"));
        Files.createDirectories(into.resolve("info"));
        if (!exists(dir, "objects")) {
            return;
        }
        try (SecureDirectoryStream<Path> objects = dir.newDirectoryStream(Path.of("objects"), NOFOLLOW)) {
            if (exists(objects, "info")) {
                try (SecureDirectoryStream<Path> info = objects.newDirectoryStream(Path.of("info"), NOFOLLOW)) {
                    if (exists(info, "alternates")) {
                        throw AirlockException.usage("not making a session branch: " + git.resolve("objects/info/alternates")
                                + " keeps some of its objects in another repository", "run git repack -a -d there first, or omit --branch");
                    }
                }
            }
            for (Path entry : objects) {
                String name = entry.getFileName().toString();
                boolean loose = name.matches("[0-9a-f]{2}");
                if (!loose && !name.equals("pack")) {
                    continue;
                }
                Optional<BasicFileAttributes> a = attributes(objects, name);
                if (a.isEmpty() || !a.get().isDirectory()) {
                    continue;
                }
                Path target = into.resolve(name);
                Files.createDirectories(target);
                try (SecureDirectoryStream<Path> sub = objects.newDirectoryStream(Path.of(name), NOFOLLOW)) {
                    for (Path file : sub) {
                        String f = file.getFileName().toString();
                        boolean wanted = loose ? f.matches("[0-9a-f]{38}|[0-9a-f]{62}") : f.matches("pack-[0-9a-f]{40,64}\\.(pack|idx)");
                        Optional<BasicFileAttributes> fa = attributes(sub, f);
                        if (wanted && fa.isPresent() && fa.get().isRegularFile()) {
                            copyOut(sub, f, target.resolve(f));
                        }
                    }
                }
            }
        }
    }

    /** The repository's shallow boundary, when it is a shallow clone. */
    Optional<String> shallow() throws IOException {
        return readSmall(dir, "shallow", 16L * 1024 * 1024);
    }

    @Override
    public void close() {
        closeQuietly(dir);
        closeQuietly(rootStream);
    }

    /** A setting that moves the work tree or changes how refs are kept, which a native ref write would get wrong. */
    static Optional<String> redirection(String config) {
        try {
            for (GitConfig.Entry e : GitConfig.parse(config)) {
                if (e.key().equals("core.worktree")) {
                    return Optional.of("sets core.worktree, which moves its work tree elsewhere");
                }
                if (e.section().equals("extensions") && !e.name().equals("objectformat")) {
                    return Optional.of("sets extensions." + e.name() + ", which Airlock does not write refs for");
                }
            }
            return Optional.empty();
        } catch (GitConfig.Malformed m) {
            return Optional.of("cannot be read as git config (" + m.getMessage() + ")");
        }
    }

    static AirlockException refused(Path path, String why) {
        return AirlockException.usage("not using the repository: " + path + " " + why,
                "Airlock works with branches only in a plain repository folder; check " + path
                        + " (a sandboxed command may have planted it), or omit --branch and use another mode than full-access");
    }

    private interface InFolder<T> {
        T apply(SecureDirectoryStream<Path> folder, String leaf) throws IOException;
    }

    /** Opens the folders of a ref one by one without following links (creating them when asked), then acts on its leaf. */
    private <T> T inFolderOf(String ref, boolean create, InFolder<T> action) throws IOException {
        String[] parts = ref.split("/");
        SecureDirectoryStream<Path> folder = dir;
        Path here = git;
        try {
            for (int i = 0; i < parts.length - 1; i++) {
                if (!exists(folder, parts[i])) {
                    if (!create) {
                        throw new NoSuchFileException(here.resolve(parts[i]).toString());
                    }
                    // the JDK has no mkdirat: make it by path (mkdir follows no final link), then open it
                    // through the handle without following links, which fails if any part was swapped
                    try {
                        Files.createDirectory(here.resolve(parts[i]));
                    } catch (FileAlreadyExistsException e) {
                        // made meanwhile: the open below checks what it is
                    }
                }
                SecureDirectoryStream<Path> next = folder.newDirectoryStream(Path.of(parts[i]), NOFOLLOW);
                if (folder != dir) {
                    folder.close();
                }
                folder = next;
                here = here.resolve(parts[i]);
            }
            return action.apply(folder, parts[parts.length - 1]);
        } finally {
            if (folder != dir) {
                folder.close();
            }
        }
    }

    private Optional<String> readNested(String ref) throws IOException {
        try {
            return inFolderOf(ref, false, (folder, leaf) -> readSmall(folder, leaf));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** git's lock-file dance: write {@code NAME.lock} (which must not exist), then rename it over {@code NAME}. */
    static void replace(SecureDirectoryStream<Path> dir, Path name, String content) throws IOException {
        Path lock = Path.of(name + ".lock");
        try (SeekableByteChannel out = dir.newByteChannel(lock, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                NOFOLLOW))) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            if (out instanceof FileChannel file) {
                file.force(true);
            }
        } catch (IOException e) {
            if (!(e instanceof FileAlreadyExistsException)) {
                deleteQuietly(dir, lock);
            }
            throw e;
        }
        dir.move(lock, dir, name);
    }

    /** Copies a private file into the folder under a temporary name, then renames it into place. */
    private static void copyIn(SecureDirectoryStream<Path> dir, String name, Path from) throws IOException {
        Path tmp = Path.of("tmp_airlock_" + name);
        deleteQuietly(dir, tmp);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ, NOFOLLOW);
             SeekableByteChannel out = dir.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW))) {
            long done = 0;
            long size = in.size();
            while (done < size) {
                done += in.transferTo(done, size - done, out);
            }
            if (out instanceof FileChannel file) {
                file.force(true);
            }
        } catch (IOException e) {
            deleteQuietly(dir, tmp);
            throw e;
        }
        dir.move(tmp, dir, Path.of(name));
    }

    /** Copies a file of the repository (opened without following a link) to a private path. */
    private static void copyOut(SecureDirectoryStream<Path> dir, String name, Path to) throws IOException {
        try (SeekableByteChannel in = dir.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, NOFOLLOW));
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW)) {
            out.transferFrom(in, 0, Long.MAX_VALUE);
        }
    }

    private static void deleteQuietly(SecureDirectoryStream<Path> dir, Path name) {
        try {
            dir.deleteFile(name);
        } catch (IOException e) {
            // nothing more to do: the error that led here is reported
        }
    }

    private static Optional<String> readSmall(SecureDirectoryStream<Path> dir, String name) throws IOException {
        return readSmall(dir, name, SMALL);
    }

    private static Optional<String> readSmall(SecureDirectoryStream<Path> dir, String name, long limit) throws IOException {
        Optional<BasicFileAttributes> a = attributes(dir, name);
        if (a.isEmpty()) {
            return Optional.empty();
        }
        if (!a.get().isRegularFile() || a.get().size() > limit) {
            throw new IOException(name + " is not a small regular file");
        }
        try (SeekableByteChannel in = dir.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, NOFOLLOW))) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(limit, a.get().size()) + 1);
            while (in.read(buffer) > 0 && buffer.hasRemaining()) {
                // keep reading until the end or the limit
            }
            if (buffer.position() > a.get().size()) {
                throw new IOException(name + " grew while it was read");
            }
            return Optional.of(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static boolean exists(SecureDirectoryStream<Path> dir, String name) throws IOException {
        return attributes(dir, name).isPresent();
    }

    private static Optional<BasicFileAttributes> attributes(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            return Optional.of(dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NOFOLLOW).readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static Optional<BasicFileAttributes> attributes(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream) throws IOException {
        if (stream instanceof SecureDirectoryStream<Path> s) {
            return s;
        }
        throw new IOException("this platform cannot open folders without following links");
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // closing a handle: nothing to report
            }
        }
    }
}
