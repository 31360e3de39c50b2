package dev.airlock.session;

import dev.airlock.AirlockException;
import dev.airlock.guard.GitConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * Puts a session's work on its own git branch without running git: the repository's config (fsmonitor,
 * hooks, anything it names) is never consulted. The branch ref and HEAD are written the way git writes them,
 * through directory handles that follow no link; a repository that redirects git elsewhere is refused.
 */
final class Branches {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    /** git's own rule for ref names (check-ref-format), less {@code ..} and {@code @{}, checked apart. */
    private static final Pattern BRANCH = Pattern.compile("refs/heads/[^\\x00-\\x20\\x7f~^:?*\\[\\\\]{1,200}");
    private static final int SMALL = 64 * 1024;

    /** Files that point git somewhere else than this folder, or change how refs are stored: refused. */
    private static final Set<String> REDIRECTS = Set.of("commondir", "config.worktree", "gitdir", "reftable");

    private Branches() {
    }

    static void create(Path workspace, String name) {
        if (!BRANCH.matcher("refs/heads/" + name).matches() || name.contains("..") || name.contains("//")
                || name.endsWith(".lock") || name.endsWith("/") || name.endsWith(".")) {
            throw new IllegalArgumentException("not a branch name Airlock makes: " + name);
        }
        Path git = workspace.resolve(".git");
        BasicFileAttributes attrs = attributes(git).orElseThrow(() -> AirlockException.usage(
                "--branch needs a git repository, and " + workspace + " is not one", "run git init there first, or omit --branch"));
        if (attrs.isSymbolicLink() || attrs.isRegularFile()) {
            throw refused(git, attrs.isSymbolicLink() ? "is a symbolic link" : "is a file that points to a repository elsewhere (a worktree or submodule)");
        }
        if (!attrs.isDirectory()) {
            throw refused(git, "is not a folder");
        }
        try (DirectoryStream<Path> rootStream = Files.newDirectoryStream(workspace);
             SecureDirectoryStream<Path> dir = secure(rootStream).newDirectoryStream(Path.of(".git"), NOFOLLOW)) {
            for (String redirect : REDIRECTS) {
                if (exists(dir, redirect)) {
                    throw refused(git, "has " + redirect + ", which points git outside this folder or stores refs in a way Airlock does not write");
                }
            }
            redirection(readSmall(dir, "config").orElse("")).ifPresent(why -> {
                throw refused(git.resolve("config"), why);
            });
            String head = readSmall(dir, "HEAD").orElseThrow(() -> refused(git.resolve("HEAD"), "is missing or not a file")).strip();
            Optional<String> commit;
            if (head.startsWith("ref:")) {
                String ref = head.substring(4).strip();
                if (!BRANCH.matcher(ref).matches() || ref.contains("..") || ref.contains("@{") || ref.contains("//")) {
                    throw refused(git.resolve("HEAD"), "does not name a branch under refs/heads");
                }
                commit = resolve(dir, ref);
            } else if (OBJECT_ID.matcher(head).matches()) {
                commit = Optional.of(head); // a detached HEAD: the branch starts where it is
            } else {
                throw refused(git.resolve("HEAD"), "is neither a branch nor a commit id");
            }
            String ref = "refs/heads/" + name;
            if (resolve(dir, ref).isPresent()) {
                throw AirlockException.failure("the branch " + name + " already exists in " + workspace, "omit --branch, or delete that branch");
            }
            // an unborn branch has no commit yet: HEAD alone names the new branch, as checkout -b does
            if (commit.isPresent()) {
                writeRef(dir, git, ref, commit.get() + "\n");
            }
            replace(dir, Path.of("HEAD"), "ref: " + ref + "\n");
        } catch (IOException e) {
            throw AirlockException.failure("could not create the branch " + name + " in " + git + " (" + e.getClass().getSimpleName() + ")",
                    "check the repository's permissions, or omit --branch");
        }
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

    private static AirlockException refused(Path path, String why) {
        return AirlockException.usage("not making a branch: " + path + " " + why,
                "Airlock writes branches only in a plain repository folder; check " + path
                        + " (a sandboxed command may have planted it), or omit --branch and use another mode than full-access");
    }

    /** The commit a branch points to: its loose ref file, else its line in packed-refs; empty when unborn. */
    private static Optional<String> resolve(SecureDirectoryStream<Path> git, String ref) throws IOException {
        Optional<String> loose = readNested(git, ref);
        if (loose.isPresent()) {
            String id = loose.get().strip();
            if (!OBJECT_ID.matcher(id).matches()) {
                throw new IOException("the ref is not a commit id");
            }
            return Optional.of(id);
        }
        for (String line : readSmall(git, "packed-refs").orElse("").split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length == 2 && fields[1].equals(ref) && OBJECT_ID.matcher(fields[0]).matches()) {
                return Optional.of(fields[0]);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> readNested(SecureDirectoryStream<Path> git, String ref) throws IOException {
        String[] parts = ref.split("/");
        SecureDirectoryStream<Path> dir = git;
        try {
            for (int i = 0; i < parts.length - 1; i++) {
                if (!exists(dir, parts[i])) {
                    return Optional.empty();
                }
                SecureDirectoryStream<Path> next = dir.newDirectoryStream(Path.of(parts[i]), NOFOLLOW);
                if (dir != git) {
                    dir.close();
                }
                dir = next;
            }
            return readSmall(dir, parts[parts.length - 1]);
        } finally {
            if (dir != git) {
                dir.close();
            }
        }
    }

    /** Creates the ref's folders and the ref itself through a lock file, never replacing one that exists. */
    private static void writeRef(SecureDirectoryStream<Path> git, Path gitPath, String ref, String content) throws IOException {
        String[] parts = ref.split("/");
        SecureDirectoryStream<Path> dir = git;
        Path here = gitPath;
        try {
            for (int i = 0; i < parts.length - 1; i++) {
                if (!exists(dir, parts[i])) {
                    // the JDK has no mkdirat: make it by path (mkdir follows no final link), then open it
                    // through the handle without following links, which fails if any part was swapped
                    try {
                        Files.createDirectory(here.resolve(parts[i]));
                    } catch (FileAlreadyExistsException e) {
                        // made meanwhile: the open below checks what it is
                    }
                }
                SecureDirectoryStream<Path> next = dir.newDirectoryStream(Path.of(parts[i]), NOFOLLOW);
                if (dir != git) {
                    dir.close();
                }
                dir = next;
                here = here.resolve(parts[i]);
            }
            String leaf = parts[parts.length - 1];
            if (exists(dir, leaf)) {
                throw new FileAlreadyExistsException(leaf);
            }
            replace(dir, Path.of(leaf), content);
        } finally {
            if (dir != git) {
                dir.close();
            }
        }
    }

    /** git's lock-file dance: write {@code NAME.lock} (which must not exist), then rename it over {@code NAME}. */
    private static void replace(SecureDirectoryStream<Path> dir, Path name, String content) throws IOException {
        Path lock = Path.of(name + ".lock");
        try (SeekableByteChannel out = dir.newByteChannel(lock, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                NOFOLLOW))) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            if (out instanceof java.nio.channels.FileChannel file) {
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

    private static void deleteQuietly(SecureDirectoryStream<Path> dir, Path name) {
        try {
            dir.deleteFile(name);
        } catch (IOException e) {
            // nothing more to do: the error that led here is reported
        }
    }

    private static Optional<String> readSmall(SecureDirectoryStream<Path> dir, String name) throws IOException {
        Optional<BasicFileAttributes> a = attributes(dir, name);
        if (a.isEmpty()) {
            return Optional.empty();
        }
        if (!a.get().isRegularFile() || a.get().size() > SMALL) {
            throw new IOException(name + " is not a small regular file");
        }
        try (SeekableByteChannel in = dir.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, NOFOLLOW))) {
            ByteBuffer buffer = ByteBuffer.allocate(SMALL + 1);
            while (in.read(buffer) > 0 && buffer.hasRemaining()) {
                // keep reading until the end or the limit
            }
            if (buffer.position() > SMALL) {
                throw new IOException(name + " grew past " + SMALL + " bytes");
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
}
