package dev.airlock.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.airlock.AirlockException;
import dev.airlock.assess.Part;
import dev.airlock.assess.Tier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The session grants of one session: what a person allowed "for this session". Thread-safe; when given a
 * file, every change is merged into it under a lock and written atomically, and changes another process
 * made are picked up, so {@code --session ID} keeps them. Profiles are compared by the caller's order.
 */
public final class Grants {

    private static final TypeReference<List<Grant>> LIST = new TypeReference<>() {
    };
    /** One lock per file within this JVM: a file lock alone throws when two threads of one process take it. */
    private static final Map<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final Optional<Path> file;
    private final List<String> profileOrder;
    private List<Grant> grants = List.of();
    private FileTime seen = FileTime.fromMillis(0);
    private long seenSize = -1;

    private Grants(Optional<Path> file, List<String> profileOrder) {
        this.file = file.map(Path::toAbsolutePath);
        this.profileOrder = List.copyOf(profileOrder);
    }

    /** Grants kept only in memory (a one-shot {@code airlock run}). */
    public static Grants inMemory(List<String> profileOrder) {
        return new Grants(Optional.empty(), profileOrder);
    }

    /**
     * The grants kept in {@code file} (none yet if it does not exist).
     *
     * @param profileOrder profile names, weakest first; a profile not in it is never covered
     */
    public static Grants load(Path file, List<String> profileOrder) {
        Grants g = new Grants(Optional.of(file), profileOrder);
        synchronized (g) {
            g.refresh(true);
        }
        return g;
    }

    /** Every grant, oldest first. */
    public synchronized List<Grant> list() {
        refresh(false);
        return grants;
    }

    /** Remembers session grants (a {@code once} grant is not remembered: it is refused). */
    public void addAll(Collection<Grant> added) {
        for (Grant g : added) {
            if (g.scope() != Scope.SESSION) {
                throw new IllegalArgumentException("only session grants are remembered: " + g);
            }
        }
        synchronized (this) {
            if (file.isEmpty()) {
                grants = merge(grants, added);
                return;
            }
            Path path = file.get();
            ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(path, p -> new ReentrantLock());
            local.lock();
            try {
                Files.createDirectories(path.getParent());
                // other processes of the same session (--session ID) add grants too: merge under a file lock
                try (FileChannel lockFile = FileChannel.open(path.resolveSibling(path.getFileName() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock held = lockFile.lock();
                    try {
                        List<Grant> merged = merge(read(path), added);
                        AtomicFiles.writeAtomically(path, ApprovalJson.mapper().writerWithDefaultPrettyPrinter()
                                .writeValueAsBytes(merged));
                        grants = merged;
                        remember(path);
                    } finally {
                        held.release();
                    }
                }
            } catch (IOException e) {
                throw AirlockException.failure("cannot save the session's grants to " + path + ": " + e.getMessage(),
                        "check that Airlock's state folder is writable (AIRLOCK_STATE_DIR)");
            } finally {
                local.unlock();
            }
        }
    }

    public void add(Grant grant) {
        addAll(List.of(grant));
    }

    /**
     * Whether a grant lets {@code part} run in {@code neededProfile}: a prefix grant for its program and
     * subcommand, or a profile grant, for that profile or a stronger one.
     */
    public Optional<Grant> covering(Part part, String neededProfile) {
        String prefix = String.join(" ", part.prefix());
        for (Grant g : list()) {
            boolean about = switch (g.kind()) {
                case PREFIX -> !prefix.isBlank() && g.value().equals(prefix);
                case PROFILE -> true;
                case DOMAIN -> false;
            };
            String granted = g.kind() == Grant.Kind.PROFILE ? g.value() : g.profile();
            if (about && atMost(neededProfile, granted)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    public boolean covers(Part part, String neededProfile) {
        return covering(part, neededProfile).isPresent();
    }

    /** Whether a domain grant lets connections to {@code domain} through (exact name, normalised). */
    public boolean covers(String domain) {
        String d = Grant.normaliseDomain(domain);
        return list().stream().anyMatch(g -> g.kind() == Grant.Kind.DOMAIN && g.value().equals(d));
    }

    /**
     * The session grants to offer for an escalation: one prefix grant per distinct program and subcommand of
     * {@code escalating} (the parts that need more than the current profile) and one domain grant per domain.
     * Nothing is offered (only {@code once}) when a part is destructive, opaque or has no program: a prefix
     * grant for {@code rm} or {@code eval} would cover far more than the person saw.
     */
    public static List<Grant> propose(List<Part> escalating, List<String> domains, String neededProfile, Instant at) {
        Set<String> seen = new LinkedHashSet<>();
        List<Grant> out = new ArrayList<>();
        for (Part part : escalating) {
            boolean opaque = part.reasons().stream().anyMatch(r -> r.what().equals("opaque"));
            if (part.tier() == Tier.DESTRUCTIVE || opaque || part.prefix().isEmpty()) {
                return List.of();
            }
            if (seen.add(String.join(" ", part.prefix()))) {
                out.add(Grant.prefix(part.prefix(), neededProfile, at));
            }
        }
        for (String domain : domains) {
            if (seen.add("domain " + Grant.normaliseDomain(domain))) {
                out.add(Grant.domain(domain, neededProfile, at));
            }
        }
        return List.copyOf(out);
    }

    private boolean atMost(String needed, String granted) {
        int n = profileOrder.indexOf(needed);
        int g = profileOrder.indexOf(granted);
        return n >= 0 && g >= 0 && n <= g;
    }

    private static List<Grant> merge(List<Grant> base, Collection<Grant> added) {
        List<Grant> out = new ArrayList<>(base);
        for (Grant g : added) {
            if (out.stream().noneMatch(g::sameAs)) {
                out.add(g);
            }
        }
        return List.copyOf(out);
    }

    /** Re-reads the file when another process changed it; a broken file is an error only on first load. */
    private void refresh(boolean first) {
        if (file.isEmpty()) {
            return;
        }
        Path path = file.get();
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            if (!first && modified.equals(seen) && size == seenSize) {
                return;
            }
            grants = read(path);
            remember(path);
        } catch (NoSuchFileException e) {
            grants = first ? List.of() : grants;
        } catch (IOException | AirlockException e) {
            if (first) {
                throw e instanceof AirlockException a ? a : AirlockException.failure(
                        "cannot read the session's grants from " + path + ": " + e.getMessage(),
                        "check that Airlock's state folder is readable (AIRLOCK_STATE_DIR)");
            }
            // keep what was granted so far: those approvals were real; the next write replaces the file
        }
    }

    private void remember(Path path) throws IOException {
        seen = Files.getLastModifiedTime(path);
        seenSize = Files.size(path);
    }

    private static List<Grant> read(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        try {
            return List.copyOf(ApprovalJson.mapper().readValue(bytes, LIST));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw AirlockException.failure("the session's grants file " + path + " is not valid: " + e.getMessage(),
                    "delete it to start the session's grants afresh (every grant will be asked again)");
        }
    }
}
