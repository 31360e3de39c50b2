package dev.airlock.branch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.AirlockException;
import dev.airlock.workspace.StoreGit;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One session's branch. The sandbox works in {@link #tree()}, a standalone repository in Airlock's state folder
 * (the user's objects copied in, never linked); Airlock commits what it left, after each command, into a private
 * store ({@code branch.git} in the session's folder, never mounted, config written by Airlock) whose objects
 * borrow the user's through alternates. {@link #apply()} writes a pack and a branch ref into the user's repository
 * natively; nothing of either repository's config is ever run, and the session tree is read only as files.
 */
public final class SessionBranch {

    private static final ObjectMapper JSON = dev.airlock.json.JsonMappers.TREES;
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final String META = "branch.json";

    /** Fixed config of the private store and of the session tree's repository: nothing run, exact bytes. */
    private static final String CONFIG = """
            [core]
            \trepositoryformatversion = %d
            \tbare = false
            \tfilemode = true
            \tsymlinks = true
            \tautocrlf = false
            \tignorecase = false
            \tlogAllRefUpdates = false
            \thooksPath = /dev/null
            \tattributesFile = /dev/null
            \texcludesFile = /dev/null
            \tfsmonitor = false
            [gc]
            \tauto = 0
            %s""";
    private static final String ATTRIBUTES = "* !text !eol !crlf !ident !filter !diff !merge !working-tree-encoding\n";

    /** A commit Airlock made on the branch; {@code leftOut} names what it does not hold, with why. */
    public record Commit(String id, String subject, List<String> leftOut) {
        public Commit {
            leftOut = List.copyOf(leftOut);
        }

        public String shortId() {
            return id.substring(0, 12);
        }
    }

    /** What {@link #apply()} did: the branch in the user's repository now points at {@code commit}. */
    public record Applied(String branch, String commit, int commits, Path repository, boolean changed) {
    }

    /** What {@link #discard()} removed, and what it left with why. */
    public record Discarded(List<String> removed, List<String> left) {
    }

    private record Meta(String branch, Path repository, Optional<String> base, Path tree, boolean sha256,
                        Optional<String> applied, boolean discarded) {
    }

    private final Path sessionDir;
    private volatile Meta meta;

    private SessionBranch(Path sessionDir, Meta meta) {
        this.sessionDir = sessionDir;
        this.meta = meta;
    }

    /**
     * Makes a session's branch {@code airlock/<id>} from the HEAD of {@code repository}: the tree (under
     * {@code <state>/trees/<id>}) is checked out at that commit; the user's checkout, HEAD and branches are not touched.
     */
    public static SessionBranch create(Path stateRoot, Path sessionDir, String sessionId, Path repository) {
        String name = "airlock/" + sessionId;
        Path tree = stateRoot.resolve("trees").resolve(sessionId);
        try (RepoFolder repo = RepoFolder.open(repository)) {
            Optional<String> headRef = repo.headRef();
            Optional<String> base = repo.headCommit();
            if (base.isPresent() && !Files.isDirectory(repo.path().resolve("objects"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw damaged(repository);
            }
            boolean sha256 = repo.sha256();
            Files.createDirectories(tree.getParent());
            Files.createDirectory(tree);
            Path git = tree.resolve(".git");
            Files.createDirectories(git.resolve("refs/heads/airlock"));
            Files.createDirectories(git.resolve("refs/tags"));
            Files.createDirectories(git.resolve("info"));
            repo.copyObjectsTo(git.resolve("objects"));
            Optional<String> shallow = repo.shallow();
            Files.writeString(git.resolve("config"), config(sha256), StandardCharsets.UTF_8);
            Files.writeString(git.resolve("HEAD"), "ref: refs/heads/" + name + "\n");
            if (shallow.isPresent()) {
                Files.writeString(git.resolve("shallow"), shallow.get());
            }
            if (base.isPresent()) {
                Files.writeString(git.resolve("refs/heads/" + name), base.get() + "\n");
                // the user's branch as it was, so the sandbox can compare its work with it
                if (headRef.isPresent() && !headRef.get().equals("refs/heads/" + name)) {
                    Path user = git.resolve(headRef.get());
                    Files.createDirectories(user.getParent());
                    Files.writeString(user, base.get() + "\n");
                }
            }
            Meta meta = new Meta(name, repository, base, tree, sha256, Optional.empty(), false);
            SessionBranch branch = new SessionBranch(sessionDir, meta);
            // a repository with no objects folder has no commit either (base is empty): nothing to borrow
            Path objects = repo.path().resolve("objects");
            branch.initStore(Files.isDirectory(objects, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Optional.of(objects.toRealPath())
                    : Optional.empty());
            branch.locked(() -> {
                StoreGit store = branch.git();
                if (base.isPresent()) {
                    store.run(null, "update-ref", "refs/heads/" + name, base.get(), "");
                    // the checkout and the store's index in one step, from the user's objects through alternates
                    if (store.tryRun(Map.of(), null, "cat-file", "-e", base.get() + "^{tree}").exit() != 0) {
                        throw damaged(repository);
                    }
                    store.run(null, "read-tree", "-u", "--reset", base.get());
                    try {
                        Files.copy(branch.store().resolve("index"), git.resolve("index"));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return null;
            });
            branch.save();
            return branch;
        } catch (IOException | RuntimeException e) {
            try {
                Folders.delete(tree);
                Folders.delete(sessionDir.resolve("branch.git"));
            } catch (IOException ignored) {
                // the message below says what failed; a half-made tree is removed by discard
            }
            if (e instanceof AirlockException a) {
                throw a;
            }
            throw AirlockException.failure("could not make the session's branch from " + repository + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", "check the repository's permissions and the disk's space, or omit --branch");
        }
    }

    private static AirlockException damaged(Path repository) {
        return AirlockException.usage("not making a session branch: the history of " + repository + " is missing or damaged"
                        + " (its HEAD commit cannot be read)",
                "if a sandboxed command deleted it, airlock rollback --session ID restores it; or omit --branch");
    }

    /** The branch of a session, when it has one. */
    public static Optional<SessionBranch> open(Path sessionDir) {
        Path file = sessionDir.resolve(META);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return Optional.of(new SessionBranch(sessionDir, new Meta(n.path("branch").asText(), Path.of(n.path("repository").asText()),
                    text(n, "base"), Path.of(n.path("tree").asText()), n.path("sha256").asBoolean(), text(n, "applied"),
                    n.path("discarded").asBoolean())));
        } catch (IOException | RuntimeException e) {
            throw AirlockException.failure("the session's branch record " + file + " cannot be read (" + e.getClass().getSimpleName() + ")",
                    "start a new session");
        }
    }

    public String name() {
        return meta.branch();
    }

    /** The folder the sandbox works in (its {@code /workspace}). */
    public Path tree() {
        return meta.tree();
    }

    /** The user's repository the branch was made from and is applied to. */
    public Path repository() {
        return meta.repository();
    }

    public Optional<String> base() {
        return meta.base();
    }

    /** The commit last written to the user's repository, if the branch was applied. */
    public Optional<String> applied() {
        return meta.applied();
    }

    public boolean discarded() {
        return meta.discarded();
    }

    /**
     * Commits what the session tree holds now (as {@code git add -A} sees it, the tree's {@code .gitignore} kept)
     * on the branch, when it differs from the branch's last commit. Airlock's git reads the tree as files only.
     */
    public Optional<Commit> commit(String subject, String body) {
        if (meta.discarded()) {
            return Optional.empty();
        }
        return locked(() -> {
            StoreGit git = git();
            // a folder with a .git of its own is left out (git would follow its gitfile or read its HEAD), and so is
            // a file over the checkpoints' per-file budget (an 8 GiB sparse file costs nothing to make, minutes to hash)
            List<String> args = new ArrayList<>(List.of("add", "-A", "--ignore-errors", "--", "."));
            Map<String, String> leftOut = leftOut(meta.tree(), dev.airlock.workspace.Budget.DEFAULT.fileBytes());
            for (String path : leftOut.keySet()) {
                args.add(":(exclude,literal)" + path);
            }
            List<String> why = leftOut.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
            git.run(null, args.toArray(String[]::new));
            String tree = git.text("write-tree");
            Optional<String> parent = tip();
            if (parent.isPresent() && git.text("rev-parse", parent.get() + "^{tree}").equals(tree)) {
                return Optional.empty();
            }
            List<String> commitArgs = new ArrayList<>(List.of("commit-tree", tree));
            parent.ifPresent(p -> commitArgs.addAll(List.of("-p", p)));
            commitArgs.addAll(List.of("-F", "-"));
            String message = oneLine(subject) + "\n\n" + body + "\n";
            String commit = new String(git.run(message.getBytes(StandardCharsets.UTF_8), commitArgs.toArray(String[]::new)),
                    StandardCharsets.US_ASCII).strip();
            git.run(null, "update-ref", ref(), commit, parent.orElse(""));
            return Optional.of(new Commit(commit, oneLine(subject), why));
        });
    }

    /** The branch's commits since it was made, oldest first. */
    public List<Commit> commits() {
        if (meta.discarded()) {
            return List.of();
        }
        return locked(() -> commitsSince(meta.base()));
    }

    /**
     * Brings the branch into the user's repository as {@code refs/heads/airlock/<id>}: a pack of its new objects,
     * made by Airlock's git in the private store, is copied into {@code .git/objects/pack}, and the ref written
     * natively (created, or moved from where the last apply left it). The user's checkout and HEAD stay as they are.
     */
    public Applied apply() {
        if (meta.discarded()) {
            throw AirlockException.usage("the branch " + name() + " was discarded", "start a new session with --branch");
        }
        return locked(() -> {
            Optional<String> tip = tip();
            if (tip.isEmpty() || tip.equals(meta.base())) {
                throw AirlockException.usage("the session's branch " + name() + " has no commits to apply",
                        "run a command that changes files first; the branch records them one commit per command");
            }
            Path out = store().resolve("apply");
            try (RepoFolder repo = RepoFolder.open(meta.repository())) {
                String ref = ref();
                Optional<String> now = repo.resolve(ref);
                int count = commitsSince(meta.applied().or(meta::base)).size();
                if (now.equals(tip)) {
                    return new Applied(name(), tip.get(), 0, meta.repository(), false);
                }
                if (now.isPresent() && !now.equals(meta.applied())) {
                    throw AirlockException.failure("the branch " + name() + " in " + meta.repository() + " has moved since Airlock wrote it",
                            "rename or delete that branch in your repository (git branch -m " + name() + " OTHER), then apply again");
                }
                Folders.delete(out);
                Files.createDirectories(out);
                String revs = tip.get() + "\n" + meta.applied().or(meta::base).map(b -> "^" + b + "\n").orElse("");
                String hash = new String(git().run(revs.getBytes(StandardCharsets.US_ASCII), "pack-objects", "--revs", "-q",
                        out.resolve("pack").toString()), StandardCharsets.US_ASCII).strip();
                if (!RepoFolder.OBJECT_ID.matcher(hash).matches()) {
                    throw AirlockException.failure("git pack-objects gave no pack for " + name(), "this is a bug in Airlock; please report it");
                }
                repo.addPack(out.resolve("pack-" + hash + ".pack"), out.resolve("pack-" + hash + ".idx"));
                repo.writeRef(ref, tip.get(), now);
                Folders.delete(out);
                meta = new Meta(meta.branch(), meta.repository(), meta.base(), meta.tree(), meta.sha256(), tip, false);
                save();
                return new Applied(name(), tip.get(), count, meta.repository(), true);
            } catch (FileAlreadyExistsException e) {
                throw AirlockException.failure("the branch " + name() + " in " + meta.repository() + " changed while Airlock wrote it",
                        "apply again");
            } catch (IOException e) {
                throw AirlockException.failure("could not write the branch " + name() + " into " + meta.repository() + " ("
                        + e.getClass().getSimpleName() + ")", "check the repository's permissions");
            }
        });
    }

    /**
     * Drops the branch: the session tree and the private store go, and the branch an apply wrote into the user's
     * repository is deleted when it still points where Airlock left it and is not checked out.
     *
     * @param alsoRemove Airlock's other folders of the tree (its checkpoint store, its tool caches)
     */
    public Discarded discard(List<Path> alsoRemove) {
        return locked(() -> {
            List<String> removed = new ArrayList<>();
            List<String> left = new ArrayList<>();
            if (meta.applied().isPresent()) {
                try (RepoFolder repo = RepoFolder.open(meta.repository())) {
                    if (repo.headRef().equals(Optional.of(ref()))) {
                        left.add("branch " + name() + " in " + meta.repository() + ": it is checked out there");
                    } else if (repo.deleteRef(ref(), meta.applied().get())) {
                        removed.add("branch " + name() + " in " + meta.repository());
                    } else {
                        left.add("branch " + name() + " in " + meta.repository() + ": it moved since apply (or is packed); delete it with git branch -D "
                                + name());
                    }
                } catch (IOException | AirlockException e) {
                    left.add("branch " + name() + " in " + meta.repository() + ": " + e.getMessage());
                }
            }
            List<Path> folders = new ArrayList<>(List.of(meta.tree()));
            folders.addAll(alsoRemove);
            for (Path folder : folders) {
                try {
                    if (Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Folders.delete(folder);
                        removed.add(folder.toString());
                    }
                } catch (IOException e) {
                    left.add(folder + ": " + e.getClass().getSimpleName());
                }
            }
            meta = new Meta(meta.branch(), meta.repository(), meta.base(), meta.tree(), meta.sha256(), meta.applied(), true);
            save();
            return new Discarded(removed, left);
        }, true);
    }

    /**
     * What a commit of the tree leaves out, found without following links: folders (below its top) that hold a
     * {@code .git} of any kind, and files over {@code fileBytes}.
     */
    static Map<String, String> leftOut(Path tree, long fileBytes) {
        Map<String, String> found = new java.util.TreeMap<>();
        try {
            Files.walkFileTree(tree, java.util.Set.of(), Integer.MAX_VALUE, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (dir.equals(tree.resolve(".git"))) {
                        return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!dir.equals(tree) && Files.exists(dir.resolve(".git"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        found.put(tree.relativize(dir).toString(), "a repository of its own");
                        return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && attrs.size() > fileBytes) {
                        found.put(tree.relativize(file).toString(), "over " + (fileBytes >> 20) + " MiB");
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw AirlockException.failure("cannot look through the session's tree " + tree + " (" + e.getClass().getSimpleName() + ")",
                    "check the tree's permissions");
        }
        return found;
    }

    private List<Commit> commitsSince(Optional<String> from) {
        Optional<String> tip = tip();
        if (tip.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of("log", "-z", "--reverse", "--format=%H%x01%s", tip.get()));
        from.ifPresent(b -> args.add("^" + b));
        List<Commit> out = new ArrayList<>();
        for (String record : StoreGit.nulSplit(git().run(null, args.toArray(String[]::new)))) {
            String[] f = record.strip().split("\u0001", 2);
            if (f.length == 2) {
                out.add(new Commit(f[0], f[1], List.of()));
            }
        }
        return out;
    }

    private Optional<String> tip() {
        StoreGit.Result r = git().tryRun(Map.of(), null, "rev-parse", "-q", "--verify", ref() + "^{commit}");
        return r.exit() == 0 ? Optional.of(new String(r.out(), StandardCharsets.US_ASCII).strip()) : Optional.empty();
    }

    private String ref() {
        return "refs/heads/" + meta.branch();
    }

    /**
     * The private store's index: what the branch's last commit holds of the tree (each commit stages the tree
     * there), which the tree's own {@code .git/index}, the sandbox's, does not follow.
     */
    public Path committedIndex() {
        return store().resolve("index");
    }

    private Path store() {
        return sessionDir.resolve("branch.git");
    }

    private StoreGit git() {
        return new StoreGit(store(), meta.tree(), store().resolve("index"), "the session's branch store");
    }

    /** The private store: made whole by Airlock, its objects borrowing the user's repository's. */
    private void initStore(Optional<Path> userObjects) throws IOException {
        Path store = store();
        Files.createDirectories(store);
        git().run(null, "init", "--quiet", "--template=", meta.sha256() ? "--object-format=sha256" : "--object-format=sha1");
        Files.writeString(store.resolve("config"), config(meta.sha256()), StandardCharsets.UTF_8);
        Files.createDirectories(store.resolve("info"));
        Files.writeString(store.resolve("info/attributes"), ATTRIBUTES, StandardCharsets.UTF_8);
        Files.createDirectories(store.resolve("objects/info"));
        if (userObjects.isPresent()) {
            Files.writeString(store.resolve("objects/info/alternates"), userObjects.get() + "\n", StandardCharsets.UTF_8);
        }
    }

    private static String config(boolean sha256) {
        return CONFIG.formatted(sha256 ? 1 : 0, sha256 ? "[extensions]\n\tobjectformat = sha256\n" : "");
    }

    private void save() {
        ObjectNode n = JSON.createObjectNode();
        n.put("branch", meta.branch());
        n.put("repository", meta.repository().toString());
        meta.base().ifPresent(b -> n.put("base", b));
        n.put("tree", meta.tree().toString());
        n.put("sha256", meta.sha256());
        meta.applied().ifPresent(a -> n.put("applied", a));
        n.put("discarded", meta.discarded());
        try {
            Path tmp = Files.createTempFile(sessionDir, "branch", ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            Files.move(tmp, sessionDir.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw AirlockException.failure("cannot write " + sessionDir.resolve(META) + ": " + e.getMessage(),
                    "set AIRLOCK_STATE_DIR to a folder you can write");
        }
    }

    private <T> T locked(Supplier<T> operation) {
        return locked(operation, false);
    }

    /** One operation at a time on a session's branch, across threads and processes. */
    @SuppressWarnings("try") // the file lock is held by its try block, never read
    private <T> T locked(Supplier<T> operation, boolean evenIfGone) {
        Path store = store();
        if (!Files.isDirectory(store) && !evenIfGone) {
            throw AirlockException.failure("the session's branch store " + store + " is missing", "start a new session with --branch");
        }
        ReentrantLock local = LOCKS.computeIfAbsent(sessionDir, key -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(sessionDir.resolve("branch.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.isDirectory(store)) {
                Files.deleteIfExists(store.resolve("index.lock"));
                Files.deleteIfExists(store.resolve(ref() + ".lock"));
            }
            return operation.get();
        } catch (IOException e) {
            throw AirlockException.failure("cannot lock the session's branch in " + sessionDir + ": " + e, "check that it is writable");
        } finally {
            local.unlock();
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
