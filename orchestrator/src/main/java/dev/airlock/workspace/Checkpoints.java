package dev.airlock.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checkpoints of one workspace, kept in a private git store outside it (the workspace is the store's work
 * tree; the user's {@code .git} is never read or written). Every file and symlink is stored, whatever the
 * workspace's {@code .gitignore} says, except what the exclusion rules name; directories left empty are
 * remembered beside each snapshot. Safe to use from several threads and processes at once.
 */
public final class Checkpoints {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LABEL_LIMIT = 200;

    /** What is kept beside the tree, in the commit message after the label line; {@code at} is ISO-8601. */
    private record Meta(String label, String at, int files, List<String> emptyDirectories, List<Excluded> excluded) {
    }

    /** A checkpoint as the store holds it. */
    private record Entry(String commit, String tree, Meta meta) {
        Checkpoint checkpoint() {
            return new Checkpoint(commit.substring(0, 12), Instant.parse(meta.at()), meta.label(), meta.files(), meta.excluded());
        }
    }

    private record Staged(String tree, Scan scan) {
    }

    private final Path workspace;
    private final Excludes excludes;
    private final Store store;
    private final Git git;

    private Checkpoints(Path workspace, Excludes excludes, Store store) {
        this.workspace = workspace;
        this.excludes = excludes;
        this.store = store;
        this.git = store.git();
    }

    /**
     * Opens (creating on first use) the checkpoint store of a workspace.
     *
     * @param workspace the folder to snapshot
     * @param storeDir  where the store lives, outside the workspace (e.g. {@code <state>/sessions/<id>/checkpoints.git})
     * @param excludes  paths never stored: a name at any depth ({@code node_modules/}, {@code *.log}) or a
     *                  workspace-relative path ({@code /dist}); a trailing slash matches folders only
     */
    public static Checkpoints open(Path workspace, Path storeDir, List<String> excludes) {
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
        Excludes rules = Excludes.of(excludes);
        return new Checkpoints(root, rules, Store.open(storeDir.toAbsolutePath(), root));
    }

    public Path workspace() {
        return workspace;
    }

    public List<String> excludes() {
        return excludes.patterns();
    }

    /** Stores the workspace as it is now; fails, naming them, if some paths cannot be read. */
    public Checkpoint take(String label) {
        return store.locked(() -> takeLocked(label).checkpoint());
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

    /** The newest checkpoint, if any. */
    public Optional<Checkpoint> latest() {
        return head().map(commit -> entries(commit, true).getFirst().checkpoint());
    }

    /** The checkpoint with this id, or with the one id this prefix (4 hex digits or more) starts. */
    public Optional<Checkpoint> find(String id) {
        if (!id.matches("[0-9a-f]{4,40}")) {
            return Optional.empty();
        }
        List<Checkpoint> matches = list().stream()
                .filter(c -> c.id().startsWith(id) || id.startsWith(c.id()))
                .toList();
        if (matches.size() > 1) {
            throw AirlockException.usage("checkpoint id " + id + " is ambiguous: " + matches.stream().map(Checkpoint::id).toList(),
                    "give more of the id");
        }
        return matches.stream().findFirst();
    }

    /** What changed from a checkpoint to the workspace as it is now. */
    public Changes changes(Checkpoint from) {
        return store.locked(() -> diff(resolve(from).commit(), stage().tree()));
    }

    /** What changed from one checkpoint to another. */
    public Changes changes(Checkpoint from, Checkpoint to) {
        return diff(resolve(from).commit(), resolve(to).commit());
    }

    /** A unified diff from a checkpoint to now; binary files say {@code Binary files ... differ}. */
    public String unifiedDiff(Checkpoint from) {
        return store.locked(() -> patch(resolve(from).commit(), stage().tree()));
    }

    /** A unified diff from one checkpoint to another. */
    public String unifiedDiff(Checkpoint from, Checkpoint to) {
        return patch(resolve(from).commit(), resolve(to).commit());
    }

    /**
     * Makes the workspace exactly what it was at a checkpoint (contents, executable bits, symlinks, files added
     * since removed, files deleted since restored, empty directories), except excluded paths, which stay as
     * they are. The state before is checkpointed first: rolling back to {@link RollbackResult#undo()} undoes this.
     */
    public RollbackResult rollback(Checkpoint to) {
        return store.locked(() -> {
            Entry target = resolve(to);
            Entry undo = takeLocked("before rollback to " + to.id());
            // the index now matches the workspace exactly, so read-tree rewrites, adds and removes just what differs
            git.run(null, "read-tree", "-u", "--reset", target.commit());
            restoreDirectories(target.meta().emptyDirectories());
            Staged after = stage();
            if (!after.tree().equals(target.tree())) {
                Changes left = diff(target.commit(), after.tree());
                throw AirlockException.failure("rollback to " + to.id() + " is incomplete: " + left.size()
                                + " path(s) still differ: " + Scan.listed(paths(left)),
                        "the state before the rollback is checkpoint " + undo.checkpoint().id()
                                + "; roll back to it to return there");
            }
            return new RollbackResult(target.checkpoint(), undo.checkpoint(), diff(undo.commit(), target.commit()));
        });
    }

    /** Packs the store's loose objects (one file per stored file version) into one pack; for the end of a session. */
    public void compact() {
        store.locked(() -> git.run(null, "repack", "-a", "-d", "-q"));
    }

    private Entry takeLocked(String label) {
        Instant at = Instant.now();
        Staged staged = stage();
        Meta meta = new Meta(oneLine(label), at.toString(), staged.scan().files().size(), staged.scan().emptyDirectories(),
                staged.scan().excluded());
        Optional<String> parent = head();
        List<String> args = new ArrayList<>(List.of("commit-tree", staged.tree()));
        parent.ifPresent(p -> args.addAll(List.of("-p", p)));
        args.addAll(List.of("-F", "-"));
        String date = "@" + at.getEpochSecond() + " +0000";
        String message;
        try {
            message = meta.label() + "\n\n" + JSON.writeValueAsString(meta) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String commit = new String(git.run(Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date),
                message.getBytes(StandardCharsets.UTF_8), args.toArray(String[]::new)), StandardCharsets.US_ASCII).strip();
        // compare-and-swap: the ref only moves from the head this checkpoint was built on
        git.run(null, "update-ref", Store.REF, commit, parent.orElse(""));
        return new Entry(commit, staged.tree(), meta);
    }

    /** Makes the private index match the workspace and writes it as a tree; unchanged files are not re-read. */
    private Staged stage() {
        Scan scan = Scan.of(workspace, excludes);
        Set<String> now = new HashSet<>(scan.files());
        List<String> gone = Git.nulSplit(git.run(null, "ls-files", "-z")).stream().filter(p -> !now.contains(p)).toList();
        if (!gone.isEmpty()) {
            git.run(Git.nulJoined(gone), "update-index", "-z", "--force-remove", "--stdin");
        }
        if (!scan.files().isEmpty()) {
            git.run(Git.nulJoined(scan.files()), "update-index", "-z", "--add", "--replace", "--stdin");
        }
        return new Staged(git.text("write-tree"), scan);
    }

    private Optional<String> head() {
        Git.Result result = git.tryRun(Map.of(), null, "rev-parse", "-q", "--verify", Store.REF + "^{commit}");
        return result.exit() == 0 ? Optional.of(new String(result.out(), StandardCharsets.US_ASCII).strip()) : Optional.empty();
    }

    private Entry resolve(Checkpoint checkpoint) {
        Git.Result result = git.tryRun(Map.of(), null, "rev-parse", "-q", "--verify", checkpoint.id() + "^{commit}");
        if (result.exit() != 0) {
            throw AirlockException.usage("no checkpoint " + checkpoint.id() + " in " + store.dir(),
                    "list this session's checkpoints and pick one of them");
        }
        return entries(new String(result.out(), StandardCharsets.US_ASCII).strip(), true).getFirst();
    }

    private List<Entry> entries(String from, boolean justOne) {
        List<String> args = new ArrayList<>(List.of("log", "-z", "--format=%H%n%T%n%B"));
        if (justOne) {
            args.add("-1");
        }
        args.add(from);
        List<Entry> entries = new ArrayList<>();
        for (String record : Git.nulSplit(git.run(null, args.toArray(String[]::new)))) {
            String[] lines = record.split("\n", 3);
            int json = lines[2].indexOf("\n\n");
            try {
                entries.add(new Entry(lines[0], lines[1], JSON.readValue(lines[2].substring(json + 2), Meta.class)));
            } catch (JsonProcessingException | RuntimeException e) {
                throw AirlockException.failure("checkpoint " + lines[0] + " in " + store.dir() + " is not one Airlock wrote: "
                        + e.getMessage(), "start a new session; this store was changed by something else");
            }
        }
        return entries;
    }

    private Changes diff(String from, String to) {
        List<String> fields = Git.nulSplit(git.run(null, "diff-tree", "-r", "-z", "--raw", "--no-renames", from, to));
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
        return new Changes(added, modified, deleted);
    }

    private String patch(String from, String to) {
        return new String(git.run(null, "diff-tree", "-p", "--no-renames", "--no-ext-diff", "--no-textconv",
                "--no-color", from, to), StandardCharsets.UTF_8);
    }

    /** Re-creates the empty directories of a checkpoint and removes the empty ones it did not have. */
    private void restoreDirectories(List<String> emptyDirectories) {
        for (String dir : emptyDirectories) {
            Path at = workspace;
            for (Path part : Path.of(dir)) {
                at = at.resolve(part);
                try {
                    if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectory(at);
                    } else if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                        // never create through a symlink: it could point out of the workspace
                        break;
                    }
                } catch (IOException e) {
                    throw AirlockException.failure("cannot re-create the folder " + at + ": " + e.getMessage(),
                            "check the workspace's permissions");
                }
            }
        }
        Scan.removeEmptyDirectories(workspace, excludes, Set.copyOf(emptyDirectories));
    }

    private static List<String> paths(Changes changes) {
        List<String> all = new ArrayList<>(changes.added());
        all.addAll(changes.modified());
        all.addAll(changes.deleted());
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
