package dev.airlock.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.AirlockException;
import dev.airlock.scope.PathPatterns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checkpoints of one workspace, kept in a private git store outside it (the workspace is the store's work
 * tree). Every file and symlink is stored, whatever the workspace's {@code .gitignore} says, except what the
 * exclusion rules name, what is over the byte {@link Budget}, and masked files, of which only a keyed digest is
 * kept; directories left empty are remembered beside each snapshot. The user's own {@code .git} is stored
 * beside the tree, file by file (objects never change, so each is read once), and restored by a rollback.
 * Safe to use from several threads and processes at once.
 */
public final class Checkpoints {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Checkpoints.class);

    private static final ObjectMapper JSON = dev.airlock.json.JsonMappers.NOTES;
    private static final int LABEL_LIMIT = 200;
    static final String EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    /**
     * What a store leaves out.
     *
     * @param excludes paths never stored: a name at any depth ({@code node_modules/}, {@code *.log}) or a
     *                 workspace-relative path ({@code /dist}); a trailing slash matches folders only
     * @param masked   mask patterns ({@code scope.PathPatterns}): matching files are never stored, only their digest
     * @param budget   bytes one checkpoint may read
     */
    public record Options(List<String> excludes, List<String> masked, Budget budget) {
        public Options {
            excludes = List.copyOf(excludes);
            masked = List.copyOf(masked.stream().distinct().sorted().toList());
            java.util.Objects.requireNonNull(budget);
        }
    }

    /** A checkpoint as the store holds it. */
    private record Entry(String commit, String tree, Meta meta) {
        Checkpoint checkpoint() {
            return new Checkpoint(commit.substring(0, 12), Instant.parse(meta.at()), meta.label(), meta.files(), meta.excluded());
        }

        State state() {
            return new State(tree, meta.masked(), meta.repository(), meta.excluded());
        }
    }

    /** One side of a comparison: a checkpoint, or the workspace as it is now. */
    private record State(String tree, Map<String, String> masked, Optional<Meta.Repo> repo, List<Excluded> excluded) {
    }

    private record Staged(String tree, Scan scan, Map<String, String> masked, Meta.Repo repo, List<Excluded> excluded) {
        State state() {
            return new State(tree, masked, Optional.of(repo), excluded);
        }
    }

    private final Path workspace;
    private final Excludes excludes;
    private final PathPatterns masks;
    private final Budget budget;
    private final Store store;
    private final StoreGit git;
    private final StoreGit repoGit;
    private final MaskDigest digest;
    private final Optional<String> session;

    private Checkpoints(Path workspace, Excludes excludes, Options options, Store store) {
        this.workspace = workspace;
        this.excludes = excludes;
        this.masks = PathPatterns.of(options.masked());
        this.budget = options.budget();
        this.store = store;
        this.git = store.git();
        this.repoGit = new StoreGit(store.dir(), workspace.resolve(".git"), store.dir().resolve("airlock-git-index"));
        this.digest = MaskDigest.of(store.dir(), budget.fileBytes());
        this.session = Optional.empty();
    }

    private Checkpoints(Checkpoints of, String session) {
        this.workspace = of.workspace;
        this.excludes = of.excludes;
        this.masks = of.masks;
        this.budget = of.budget;
        this.store = of.store;
        this.git = of.git;
        this.repoGit = of.repoGit;
        this.digest = of.digest;
        this.session = Optional.of(session);
    }

    /**
     * The same store, for one session: every checkpoint it takes (for a command or before a rollback) names the
     * session, so {@link #rollback(Checkpoint, boolean)} can tell whose commands changed what since.
     */
    public Checkpoints forSession(String id) {
        return new Checkpoints(this, id);
    }

    /**
     * Like {@link #rollback(Checkpoint)}, but first, unless {@code overOtherSessions}, refuses (changing nothing)
     * when it would undo a change that another session's command made since {@code to}; see {@link OtherSessions}.
     */
    public RollbackResult rollback(Checkpoint to, boolean overOtherSessions) {
        return store.locked(() -> {
            if (!overOtherSessions && session.isPresent()) {
                Entry target = resolve(to);
                Staged now = stage();
                OtherSessions.refuseIfUndoing(git, store.dir(), head().orElse(target.commit()), target.commit(),
                        session.get(), to.id(), now.tree(), now.masked(), now.repo());
            }
            return rollback(to);
        });
    }

    /** Opens a store that masks nothing and has the default budget; see {@link #open(Path, Path, Options)}. */
    public static Checkpoints open(Path workspace, Path storeDir, List<String> excludes) {
        return open(workspace, storeDir, new Options(excludes, List.of(), Budget.DEFAULT));
    }

    /**
     * Opens (creating on first use) the checkpoint store of a workspace. A store whose checkpoints may hold a
     * file that a mask pattern of {@code options} matches (one written before the pattern was given) is
     * rewritten first without it, and the content is purged from its objects.
     *
     * @param workspace the folder to snapshot
     * @param storeDir  where the store lives, outside the workspace (e.g. {@code <state>/workspaces/<key>/checkpoints.git})
     */
    public static Checkpoints open(Path workspace, Path storeDir, Options options) {
        Path root;
        try {
            root = workspace.toRealPath();
        } catch (IOException e) {
            throw AirlockException.failure("cannot checkpoint " + workspace + ": it does not exist or cannot be read",
                    "pass an existing folder as the workspace");
        }
        if (!Files.isDirectory(root)) {
            throw AirlockException.failure("cannot checkpoint " + root + ": not a folder", "pass a folder as the workspace");
        }
        if (realOrIntended(storeDir).startsWith(root)) {
            throw AirlockException.usage("the checkpoint store " + storeDir + " is inside the workspace " + root,
                    "keep Airlock's state outside the workspace (a sandbox may write the workspace): set AIRLOCK_STATE_DIR");
        }
        Excludes rules = Excludes.of(options.excludes());
        Checkpoints checkpoints = new Checkpoints(root, rules, options, Store.open(storeDir.toAbsolutePath(), root));
        checkpoints.store.locked(() -> {
            checkpoints.finishInterruptedRollback().ifPresent(id -> LOG.warn(
                    "a rollback of {} to checkpoint {} was interrupted (the process was killed); it is now finished", root, id));
            Scrub.ifNeeded(checkpoints.store, options.masked(), checkpoints.digest);
            return null;
        });
        return checkpoints;
    }

    public Path workspace() {
        return workspace;
    }

    public List<String> excludes() {
        return excludes.patterns();
    }

    /** Stores the workspace as it is now; fails, naming them, if some paths cannot be read. */
    public Checkpoint take(String label) {
        return store.locked(() -> {
            try {
                return takeLocked(label).checkpoint();
            } catch (AirlockException e) {
                if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                    throw e;
                }
                throw diskFull(e);
            }
        });
    }

    /**
     * A checkpoint that did not fit leaves the objects it wrote so far, which would keep the disk full for every
     * later command: none is referenced yet, so the store's own prune removes them (as a scrub does).
     */
    private AirlockException diskFull(AirlockException e) {
        String cleaned;
        try {
            store.git().run(null, "prune", "--expire=now");
            cleaned = "what it had written is removed";
        } catch (AirlockException pruneFailed) {
            cleaned = "what it had written could not be removed (" + pruneFailed.getMessage() + ")";
        }
        return AirlockException.failure("the disk that holds Airlock's checkpoints (" + store.dir() + ") is full: "
                        + "the checkpoint did not fit, and " + cleaned,
                "free space on that disk, or set AIRLOCK_STATE_DIR to a folder on a disk with room; nothing ran, "
                        + "and the workspace is as it was");
    }

    /** Every checkpoint of this store, oldest first. */
    public List<Checkpoint> list() {
        Optional<String> head = head();
        if (head.isEmpty()) {
            return List.of();
        }
        List<Checkpoint> all = new ArrayList<>(entries(head.get(), false).stream().map(Entry::checkpoint).toList());
        return List.copyOf(all.reversed());
    }

    /**
     * The oldest checkpoint this store's session took (see {@link #forSession(String)}); for a store opened for no
     * session, the store's oldest. Sessions share a workspace's store, so its oldest may be another session's.
     */
    public Optional<Checkpoint> first() {
        Optional<String> head = head();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        return entries(head.get(), false).reversed().stream()
                .filter(e -> session.isEmpty() || session.equals(e.meta().owner()))
                .findFirst().map(Entry::checkpoint);
    }

    /** The newest checkpoint, if any. */
    public Optional<Checkpoint> latest() {
        return head().map(commit -> entries(commit, true).getFirst().checkpoint());
    }

    /**
     * The checkpoint with this id, or with the one id this prefix (4 hex digits or more) starts; an id a scrub
     * replaced (see {@link #open(Path, Path, Options)}) finds the checkpoint that replaced it.
     */
    public Optional<Checkpoint> find(String id) {
        if (!id.matches("[0-9a-f]{4,40}")) {
            return Optional.empty();
        }
        String wanted = Scrub.renamed(store, id).orElse(id);
        List<Checkpoint> matches = list().stream()
                .filter(c -> c.id().startsWith(wanted) || wanted.startsWith(c.id()))
                .toList();
        if (matches.size() > 1) {
            throw AirlockException.usage("checkpoint id " + id + " is ambiguous: " + matches.stream().map(Checkpoint::id).toList(),
                    "give more of the id");
        }
        return matches.stream().findFirst();
    }

    /** What changed from a checkpoint to the workspace as it is now. */
    public Changes changes(Checkpoint from) {
        return store.locked(() -> diff(resolve(from).state(), stage().state()));
    }

    /**
     * Of what changed from a checkpoint to now, the paths another session's commands changed, by session (empty
     * for a store opened for no session): a diff shows the workspace, whoever changed it.
     */
    public Map<String, Set<String>> otherSessions(Checkpoint from) {
        if (session.isEmpty()) {
            return Map.of();
        }
        return store.locked(() -> {
            Entry target = resolve(from);
            Staged now = stage();
            return OtherSessions.since(git, store.dir(), head().orElse(target.commit()), target.commit(), session.get(),
                    now.tree(), now.masked(), now.repo());
        });
    }

    /** What changed from one checkpoint to another. */
    public Changes changes(Checkpoint from, Checkpoint to) {
        return diff(resolve(from).state(), resolve(to).state());
    }

    /**
     * A unified diff from a checkpoint to now; binary files say {@code Binary files ... differ}; masked files,
     * the repository's history and files over the budget get a line each saying what changed, never content.
     */
    public String unifiedDiff(Checkpoint from) {
        return store.locked(() -> {
            State a = resolve(from).state();
            State b = stage().state();
            return patch(a, b);
        });
    }

    /** A unified diff from one checkpoint to another. */
    public String unifiedDiff(Checkpoint from, Checkpoint to) {
        return patch(resolve(from).state(), resolve(to).state());
    }

    /**
     * Makes the workspace exactly what it was at a checkpoint (contents, executable bits, symlinks, files added
     * since removed, files deleted since restored, empty directories, the user's {@code .git}), except excluded
     * paths, which stay as they are, and masked files, which are moved back where a copy is left (their content
     * is not stored). The state before is checkpointed first: rolling back to {@link RollbackResult#undo()} undoes this.
     */
    public RollbackResult rollback(Checkpoint to) {
        return store.locked(() -> {
            Entry target = resolve(to);
            Entry undo = takeLocked("before rollback to " + to.id());
            // a process killed from here on leaves the journal: the next open of this store finishes the rollback
            Journal.begin(store.dir(), target.commit(), undo.commit());
            List<Excluded> notRestored;
            try {
                notRestored = restore(target, undo);
            } finally {
                Journal.end(store.dir());
            }
            Staged after = stage();
            State wanted = target.state();
            Changes left = diff(wanted, after.state());
            boolean repoDiffers = wanted.repo().isPresent() && wanted.repo().get().isFolder()
                    && !wanted.repo().get().tree().equals(after.repo().tree());
            if (!after.tree().equals(target.tree()) || repoDiffers) {
                throw AirlockException.failure("rollback to " + to.id() + " is incomplete: " + (left.size() - left.masked().size())
                                + " path(s) still differ: " + Scan.listed(paths(left)) + (repoDiffers ? "; and the repository's .git" : ""),
                        "the state before the rollback is checkpoint " + undo.checkpoint().id()
                                + "; roll back to it to return there");
            }
            for (Excluded x : undo.meta().excluded()) {
                if (x.isOverBudget() && notRestored.stream().noneMatch(n -> n.path().equals(x.path()))) {
                    notRestored.add(new Excluded(x.path(), x.reason() + "; left as it is"));
                }
            }
            for (Excluded x : target.meta().excluded()) {
                if (x.isOverBudget() && notRestored.stream().noneMatch(n -> n.path().equals(x.path()))) {
                    notRestored.add(new Excluded(x.path(), x.reason() + "; the checkpoint does not hold it"));
                }
            }
            return new RollbackResult(target.checkpoint(), undo.checkpoint(), diff(undo.state(), target.state()), notRestored);
        });
    }

    /** Puts the workspace where {@code target} was; the index must match the workspace as {@code before} holds it. */
    private List<Excluded> restore(Entry target, Entry before) {
        // the index matches the workspace exactly, so read-tree rewrites, adds and removes just what differs
        git.run(null, "read-tree", "-u", "--reset", target.commit());
        List<Excluded> notRestored = new ArrayList<>(Masked.restore(workspace, target.meta().masked(), before.meta().masked()));
        restoreDirectories(workspace, target.meta().emptyDirectories(), excludes);
        target.meta().repository().ifPresent(this::restoreRepository);
        return notRestored;
    }

    /**
     * Finishes a rollback that a killed process left half done (its journal names the target and the checkpoint
     * taken just before it), so that the workspace is never left between the two: the workspace is staged as it is
     * now, and the same restore runs again, which rewrites whatever it had not reached.
     */
    private Optional<String> finishInterruptedRollback() {
        Optional<Journal.Pending> pending = Journal.pending(store.dir());
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        Entry target = entries(pending.get().target(), true).getFirst();
        Entry before = entries(pending.get().before(), true).getFirst();
        stage();
        restore(target, before);
        Journal.end(store.dir());
        return Optional.of(target.checkpoint().id());
    }

    /** Packs the store's loose objects (one file per stored file version) into one pack; for the end of a session. */
    public void compact() {
        store.locked(() -> git.run(null, "repack", "-a", "-d", "-q"));
    }

    private Entry takeLocked(String label) {
        Instant at = Instant.now();
        Staged staged = stage();
        Meta meta = new Meta(oneLine(label), at.toString(), staged.scan().files().size(), staged.scan().emptyDirectories(),
                staged.excluded(), staged.masked(), staged.repo(), session.orElse(null));
        Optional<String> parent = head();
        String date = "@" + at.getEpochSecond() + " +0000";
        Map<String, String> dates = Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date);
        List<String> args = new ArrayList<>(List.of("commit-tree", staged.tree()));
        parent.ifPresent(p -> args.addAll(List.of("-p", p)));
        if (staged.repo().isFolder()) {
            args.addAll(List.of("-p", repoCommit(git, staged.repo().tree(), dates)));
        }
        args.addAll(List.of("-F", "-"));
        String commit = new String(git.run(dates, message(meta).getBytes(StandardCharsets.UTF_8), args.toArray(String[]::new)),
                StandardCharsets.US_ASCII).strip();
        // compare-and-swap: the ref only moves from the head this checkpoint was built on
        git.run(null, "update-ref", Store.REF, commit, parent.orElse(""));
        return new Entry(commit, staged.tree(), meta);
    }

    /**
     * A commit of the user's {@code .git} tree, made a parent of its checkpoint's commit so a repack keeps it;
     * the last parent, and skipped by every reader (the first checkpoint has no other parent).
     */
    static String repoCommit(StoreGit git, String tree, Map<String, String> dates) {
        return new String(git.run(dates, (REPO_COMMIT + "\n").getBytes(StandardCharsets.US_ASCII),
                "commit-tree", tree, "-F", "-"), StandardCharsets.US_ASCII).strip();
    }

    static final String REPO_COMMIT = "the user's .git, kept reachable";

    static String message(Meta meta) {
        try {
            return meta.label() + "\n\n" + JSON.writeValueAsString(meta) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes the private indexes match the workspace and its {@code .git} and writes them as trees; unchanged
     * files are not re-read, and what would take the checkpoint past its budget is left out and listed.
     */
    private Staged stage() {
        Scan scan = Scan.of(workspace, excludes, masks);
        long[] spent = {0};
        List<Excluded> over = new ArrayList<>();
        String tree = stageInto(git, workspace, scan, "", spent, over);
        Map<String, String> masked = new TreeMap<>();
        for (String path : scan.masked()) {
            masked.put(path, digest.of(workspace.resolve(path)));
        }
        Meta.Repo repo = stageRepository(spent, over);
        List<Excluded> excluded = new ArrayList<>(scan.excluded());
        excluded.addAll(over);
        excluded.sort((a, b) -> a.path().compareTo(b.path()));
        return new Staged(tree, scan, masked, repo, List.copyOf(excluded));
    }

    private String stageInto(StoreGit into, Path root, Scan scan, String prefix, long[] spent, List<Excluded> over) {
        Set<String> now = new java.util.HashSet<>(scan.files());
        List<String> indexed = StoreGit.nulSplit(into.run(null, "ls-files", "-z"));
        List<String> gone = new ArrayList<>(indexed.stream().filter(p -> !now.contains(p)).toList());
        Set<String> known = new java.util.HashSet<>(indexed);
        // what git must read: files it has not seen, and files whose stat differs from what it saw
        Set<String> dirty = known.isEmpty() ? Set.of() : new java.util.HashSet<>(StoreGit.nulSplit(into.run(null, "diff-files", "--name-only", "-z")));
        List<String> add = new ArrayList<>(scan.files().size());
        for (String path : scan.files()) {
            Long size = scan.sizes().get(path);
            if (size != null && (!known.contains(path) || dirty.contains(path))) {
                boolean object = prefix.equals(".git/") && path.startsWith("objects/") && size > budget.fileBytes()
                        && !Budget.readsAsZeros(root.resolve(path), size);
                Optional<String> why = budget.overBudget(root.resolve(path), size, spent[0], object);
                if (why.isPresent()) {
                    over.add(new Excluded(prefix + path, why.get()));
                    if (known.contains(path)) {
                        gone.add(path);
                    }
                    continue;
                }
                spent[0] += size;
            }
            add.add(path);
        }
        if (!gone.isEmpty()) {
            into.run(StoreGit.nulJoined(gone), "update-index", "-z", "--force-remove", "--stdin");
        }
        if (!add.isEmpty()) {
            into.run(StoreGit.nulJoined(add), "update-index", "-z", "--add", "--replace", "--stdin");
        }
        return into.text("write-tree");
    }

    /**
     * The user's top-level {@code .git}, when it is a real folder: stored file by file through a second index,
     * whose stat cache makes a later checkpoint read only new objects and the small files that changed. A
     * {@code .git} that is a symlink or a file is never followed.
     */
    private Meta.Repo stageRepository(long[] spent, List<Excluded> over) {
        Path dotGit = workspace.resolve(".git");
        java.nio.file.attribute.BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(dotGit, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return new Meta.Repo(Meta.Repo.ABSENT, null, List.of());
        }
        if (!attrs.isDirectory()) {
            return new Meta.Repo(Meta.Repo.OTHER, null, List.of());
        }
        Scan scan = Scan.of(dotGit, Excludes.of(List.of()));
        String tree = stageInto(repoGit, dotGit, scan, ".git/", spent, over);
        for (Excluded x : scan.excluded()) {
            over.add(new Excluded(".git/" + x.path(), x.reason()));
        }
        return new Meta.Repo(Meta.Repo.FOLDER, tree, scan.emptyDirectories());
    }

    /**
     * Makes the user's {@code .git} what the checkpoint held: a link or file in its place is removed (never
     * followed), the folder's files are rewritten, added and removed through the second index.
     */
    private void restoreRepository(Meta.Repo repo) {
        if (repo.kind().equals(Meta.Repo.OTHER)) {
            return;
        }
        Path dotGit = workspace.resolve(".git");
        try {
            if (Files.exists(dotGit, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dotGit, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(dotGit);
                // the second index described a folder that is no longer there
                Files.deleteIfExists(store.dir().resolve("airlock-git-index"));
            }
            if (!repo.isFolder() && !Files.exists(dotGit, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.createDirectories(dotGit);
        } catch (IOException e) {
            throw AirlockException.failure("cannot restore the repository " + dotGit + ": " + e.getMessage(),
                    "check the workspace's permissions");
        }
        repoGit.run(null, "read-tree", "-u", "--reset", repo.isFolder() ? repo.tree() : EMPTY_TREE);
        restoreDirectories(dotGit, repo.emptyDirectories(), Excludes.of(List.of()));
        if (!repo.isFolder()) {
            try {
                Files.deleteIfExists(dotGit);
            } catch (IOException e) {
                // something the index did not hold is left in it: the check after the rollback says so
            }
        }
    }

    private Optional<String> head() {
        StoreGit.Result result = git.tryRun(Map.of(), null, "rev-parse", "-q", "--verify", Store.REF + "^{commit}");
        return result.exit() == 0 ? Optional.of(new String(result.out(), StandardCharsets.US_ASCII).strip()) : Optional.empty();
    }

    private Entry resolve(Checkpoint checkpoint) {
        String id = Scrub.renamed(store, checkpoint.id()).orElse(checkpoint.id());
        StoreGit.Result result = git.tryRun(Map.of(), null, "rev-parse", "-q", "--verify", id + "^{commit}");
        if (result.exit() != 0) {
            throw AirlockException.usage("no checkpoint " + checkpoint.id() + " in " + store.dir(),
                    "list this session's checkpoints and pick one of them");
        }
        return entries(new String(result.out(), StandardCharsets.US_ASCII).strip(), true).getFirst();
    }

    private List<Entry> entries(String from, boolean justOne) {
        return entries(git, store.dir(), from, justOne).stream()
                .map(e -> new Entry(e.getKey()[0], e.getKey()[1], e.getValue())).toList();
    }

    /** Commit, tree and meta of each checkpoint from {@code from} back, newest first (first parents only). */
    static List<Map.Entry<String[], Meta>> entries(StoreGit git, Path storeDir, String from, boolean justOne) {
        List<String> args = new ArrayList<>(List.of("log", "-z", "--first-parent", "--format=%H%n%T%n%B"));
        if (justOne) {
            args.add("-1");
        }
        args.add(from);
        List<Map.Entry<String[], Meta>> entries = new ArrayList<>();
        for (String record : StoreGit.nulSplit(git.run(null, args.toArray(String[]::new)))) {
            String[] lines = record.split("\n", 3);
            if (lines.length == 3 && lines[2].strip().equals(REPO_COMMIT)) {
                continue;
            }
            int json = lines[2].indexOf("\n\n");
            try {
                entries.add(Map.entry(new String[] {lines[0], lines[1]}, JSON.readValue(lines[2].substring(json + 2), Meta.class)));
            } catch (JsonProcessingException | RuntimeException e) {
                throw AirlockException.failure("checkpoint " + lines[0] + " in " + storeDir + " is not one Airlock wrote: "
                        + e.getClass().getSimpleName(), "start a new session; this store was changed by something else");
            }
        }
        return entries;
    }

    private Changes diff(State from, State to) {
        List<String> fields = StoreGit.nulSplit(git.run(null, "diff-tree", "-r", "-z", "--raw", "--no-renames", from.tree(), to.tree()));
        List<String> added = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        // -z --raw: ":<old mode> <new mode> <old id> <new id> <status>" NUL "<path>" NUL, one pair per path
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String status = fields.get(i).substring(fields.get(i).lastIndexOf(' ') + 1);
            String path = fields.get(i + 1);
            switch (status.charAt(0)) {
                case 'A' -> added.add(path);
                case 'D' -> deleted.add(path);
                default -> modified.add(path);
            }
        }
        List<String> masked = new ArrayList<>();
        for (var file : from.masked().entrySet()) {
            String now = to.masked().get(file.getKey());
            if (now == null) {
                deleted.add(file.getKey());
                masked.add(file.getKey());
            } else if (!now.equals(file.getValue())) {
                modified.add(file.getKey());
                masked.add(file.getKey());
            }
        }
        for (String path : to.masked().keySet()) {
            if (!from.masked().containsKey(path)) {
                added.add(path);
                masked.add(path);
            }
        }
        List<Excluded> notHeld = to.excluded().stream().filter(Excluded::isOverBudget).toList();
        for (Excluded x : notHeld) {
            // it is there, only not stored: not deleted, and new unless the earlier state left it out too
            if (deleted.remove(x.path())) {
                modified.add(x.path());
            } else if (from.excluded().stream().noneMatch(e -> e.path().equals(x.path()))) {
                added.add(x.path());
            }
        }
        return new Changes(added, modified, deleted, masked, notHeld, History.summary(git, from.repo(), to.repo()));
    }

    private String patch(State from, State to) {
        String text = new String(git.run(null, "diff-tree", "-p", "--no-renames", "--no-ext-diff", "--no-textconv",
                "--no-color", from.tree(), to.tree()), StandardCharsets.UTF_8);
        Changes changes = diff(from, to);
        StringBuilder notes = new StringBuilder(text);
        Map<String, String> how = new LinkedHashMap<>();
        changes.added().forEach(p -> how.put(p, "added"));
        changes.modified().forEach(p -> how.put(p, "changed"));
        changes.deleted().forEach(p -> how.put(p, "deleted"));
        for (String path : changes.masked()) {
            // names are the sandbox's: one line each, so none can pass for a line of its own
            notes.append("Masked file ").append(dev.airlock.text.Clean.line(path)).append(' ').append(how.get(path))
                    .append(": its content is never stored or shown\n");
        }
        for (Excluded x : changes.notHeld()) {
            notes.append("Not in the checkpoint: ").append(dev.airlock.text.Clean.line(x.path())).append(" (")
                    .append(dev.airlock.text.Clean.line(x.reason())).append(")\n");
        }
        changes.history().ifPresent(h -> notes.append(capitalized(h)).append('\n'));
        return notes.toString();
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Re-creates the empty directories of a checkpoint and removes the empty ones it did not have. */
    private static void restoreDirectories(Path root, List<String> emptyDirectories, Excludes excludes) {
        for (String dir : emptyDirectories) {
            Masked.directories(root, Path.of(dir));
        }
        Scan.removeEmptyDirectories(root, excludes, Set.copyOf(emptyDirectories));
    }

    private static List<String> paths(Changes changes) {
        List<String> all = new ArrayList<>(changes.added());
        all.addAll(changes.modified());
        all.addAll(changes.deleted());
        all.removeAll(changes.masked());
        return all;
    }

    private static String oneLine(String label) {
        String line = label.replaceAll("\\p{Cntrl}+", " ").strip();
        if (line.isEmpty()) {
            return "checkpoint";
        }
        return line.length() > LABEL_LIMIT ? line.substring(0, LABEL_LIMIT) + "..." : line;
    }

    /** The real path of a folder that may not exist yet: its nearest existing ancestor's, resolved. */
    private static Path realOrIntended(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? absolute : existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }
}
