package dev.airlock.approval;

import dev.airlock.text.Clean;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Approval requests on disk, answered from another process: {@code pending/<id>.json} while a run waits,
 * {@code answers/<id>.json} once decided. The answer file is created atomically and exclusively, and the
 * waiter's own expiry is written the same way, so the first of "answered" and "expired" wins and both sides
 * agree. A file that does not parse whole is never taken as an answer.
 */
public final class ApprovalQueue {

    /** Pending files whose waiter should have removed them this long ago belong to a run that died. */
    private static final Duration STALE = Duration.ofMinutes(1);
    /** Answers are kept a while, so a late {@code approve} is told "already answered" rather than "unknown". */
    private static final Duration KEEP_ANSWERS = Duration.ofDays(1);

    private final Path pending;
    private final Path answers;
    private final Clock clock;
    private final Duration poll;

    /** The queue kept in {@code dir} (Airlock uses {@code <state>/approvals}). */
    public ApprovalQueue(Path dir) {
        this(dir, Clock.systemUTC(), Duration.ofMillis(100));
    }

    ApprovalQueue(Path dir, Clock clock, Duration poll) {
        this.pending = dir.resolve("pending");
        this.answers = dir.resolve("answers");
        this.clock = Objects.requireNonNull(clock);
        this.poll = Objects.requireNonNull(poll);
    }

    /** The queue under a state directory: {@code <state>/approvals}. */
    public static ApprovalQueue under(Path stateRoot) {
        return new ApprovalQueue(stateRoot.resolve("approvals"));
    }

    /**
     * On disk: the request, until when it waits, and which process waits for it: its pid, and when that process
     * started (so a pid the system gave to another process since is not taken for the waiter; null in old files).
     */
    record Queued(ApprovalRequest request,
                  @JsonSerialize(using = dev.airlock.json.IsoInstants.Write.class) @JsonDeserialize(using = dev.airlock.json.IsoInstants.Read.class)
                  Instant deadline,
                  long waiter,
                  @JsonSerialize(using = dev.airlock.json.IsoInstants.Write.class) @JsonDeserialize(using = dev.airlock.json.IsoInstants.Read.class)
                  Instant waiterStarted) {
    }

    /**
     * On disk: the answer to one request; {@code expired} when the waiter gave up (or died) before anyone
     * answered, and then {@code request} is what it asked (for {@link #expired()}; null in other answers).
     */
    record Resolution(String id, Answer answer,
                      @JsonSerialize(using = dev.airlock.json.IsoInstants.Write.class) @JsonDeserialize(using = dev.airlock.json.IsoInstants.Read.class)
                      Instant at,
                      boolean expired,
                      ApprovalRequest request) {
    }

    /** A request that expired without an answer: when, and why (its run gave up, or died while it waited). */
    public record Expired(ApprovalRequest request, Instant at, String reason) {
    }

    /** Puts a request in the queue, visible to {@link #pending()} and answerable until {@code deadline}. */
    public void submit(ApprovalRequest request, Instant deadline) {
        try {
            AtomicFiles.createPrivateDirectories(pending);
            AtomicFiles.createPrivateDirectories(answers);
            sweep();
            byte[] json = ApprovalJson.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new Queued(request, deadline, ProcessHandle.current().pid(),
                            ProcessHandle.current().info().startInstant().orElse(null)));
            AtomicFiles.writeAtomically(pendingFile(request.id()), json);
        } catch (IOException e) {
            throw AirlockException.failure("cannot queue approval request " + request.id() + " under " + pending
                    + ": " + e.getMessage(), "check that Airlock's state folder is writable (AIRLOCK_STATE_DIR)");
        }
    }

    /** The requests waiting for an answer, oldest first. */
    public List<PendingRequest> pending() {
        expireOrphans();
        Instant now = clock.instant();
        List<PendingRequest> out = new ArrayList<>();
        for (Path file : files(pending)) {
            readQueued(file).filter(q -> now.isBefore(q.deadline()))
                    .filter(q -> !Files.exists(answerFile(q.request().id())))
                    .ifPresent(q -> out.add(new PendingRequest(q.request(), q.deadline(),
                            Duration.between(q.request().created(), now))));
        }
        out.sort(Comparator.comparing(p -> p.request().created()));
        return List.copyOf(out);
    }

    /** The pending request with this id, if it still waits. */
    public Optional<PendingRequest> find(String id) {
        return pending().stream().filter(p -> p.request().id().equals(id)).findFirst();
    }

    /**
     * Answers a pending request. Refuses, with a usage error that says why and what exists, an id that is not
     * pending: unknown, expired, or already answered (the first answer wins).
     */
    public void answer(String id, Answer answer) {
        if (answer instanceof Answer.Passed) {
            throw new IllegalArgumentException("a queue answer approves or denies");
        }
        if (!ApprovalRequest.isId(id)) {
            throw AirlockException.usage("'" + id + "' is not an approval request id", whatExists());
        }
        expireOrphans();
        refuseIfResolved(id);
        Optional<Queued> queued = Optional.of(pendingFile(id)).filter(Files::exists).flatMap(ApprovalQueue::readQueued);
        if (queued.isEmpty()) {
            throw AirlockException.usage("no pending approval request " + id, whatExists());
        }
        if (!clock.instant().isBefore(queued.get().deadline())) {
            throw AirlockException.usage("approval request " + id + " has expired: its run stopped waiting at "
                    + queued.get().deadline() + " and denied it", "run the command again and answer it in time");
        }
        if (answer instanceof Answer.Approved a && a.scope() == Scope.SESSION && !queued.get().request().offersSession()) {
            throw AirlockException.usage("approval request " + id + " offers no session grant (its command is"
                    + " destructive or opaque, so a grant would cover more than you see)",
                    "approve it once: airlock approve " + id + " --scope once");
        }
        try {
            AtomicFiles.createAtomically(answerFile(id), json(new Resolution(id, answer, clock.instant(), false, null)));
        } catch (FileAlreadyExistsException e) {
            refuseIfResolved(id);
            throw AirlockException.usage("approval request " + id + " was answered at the same moment", whatExists());
        } catch (IOException e) {
            throw AirlockException.failure("cannot write the answer to " + id + " under " + answers + ": "
                    + e.getMessage(), "check that Airlock's state folder is writable (AIRLOCK_STATE_DIR)");
        }
    }

    /**
     * Waits for the answer to a submitted request until {@code deadline}; then marks it expired and denies.
     * The pending file is removed either way. Never throws for a missing or broken answer: it denies.
     */
    public Answer await(String id, Instant deadline) {
        Instant started = clock.instant();
        try {
            while (true) {
                Optional<Resolution> r = readResolution(id);
                if (r.isPresent()) {
                    return done(id, r.get().answer());
                }
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    break;
                }
                Thread.sleep(Math.max(1, Math.min(poll.toMillis(), left.toMillis())));
            }
        } catch (InterruptedException e) {
            // the expiry is written first: with the interrupt set again, the file channels it writes through would
            // close at once, and the request would be neither pending nor expired (lost: found by ApprovalKillIT)
            Answer expired = expire(id, "its caller stopped waiting before anyone answered (Ctrl-C, a cancelled tool call,"
                    + " or its client went away: killed or crashed), so the command did not run");
            Thread.currentThread().interrupt();
            return expired;
        }
        return expire(id, "no answer within " + Texts.duration(Duration.between(started, deadline))
                + " (approve it with `airlock approve " + id + "` while it waits)");
    }

    /**
     * Expires the requests whose waiting process died (killed, crashed, its machine restarted) before it took an
     * answer: nobody will act on an answer to them, so approving one must say so instead of seeming to work. An
     * approval the dead process never took (its pending file is still there: the waiter removes it as it reads the
     * answer) is expired too, with a reason that names the approval, where it would have stood as if its command
     * had run. Returns what this call expired (another process may race to expire the same: one of them wins).
     */
    public List<Expired> expireOrphans() {
        List<Expired> expired = new ArrayList<>();
        for (Path file : files(pending)) {
            Optional<Queued> q = readQueued(file);
            if (q.isEmpty() || waiterAlive(q.get())) {
                continue;
            }
            String id = q.get().request().id();
            Optional<Resolution> answered = readResolution(id);
            String ended = "the Airlock process that asked (pid " + q.get().waiter() + ") ended (it was killed or crashed)";
            String reason;
            if (answered.isEmpty()) {
                reason = ended + " before anyone answered, so nothing waits for an answer and the command did not run";
            } else if (answered.get().answer() instanceof Answer.Approved && !answered.get().expired()) {
                reason = ended + " before it took the answer: " + describe(answered.get().answer()) + " at "
                        + answered.get().at() + ", but the command did not run";
            } else {
                deleteQuietly(file); // a denial (or expiry) the dead process never took stands: nothing ran, as it said
                continue;
            }
            Instant now = clock.instant();
            try {
                byte[] expiry = json(new Resolution(id, new Answer.Denied(reason, "queue"), now, true, q.get().request()));
                if (answered.isEmpty()) {
                    AtomicFiles.createAtomically(answerFile(id), expiry);
                } else {
                    // no one else writes this answer again: its waiter is dead, and answer() refuses what has one
                    AtomicFiles.writeAtomically(answerFile(id), expiry);
                }
                expired.add(new Expired(q.get().request(), now, reason));
            } catch (FileAlreadyExistsException e) {
                // answered or expired a moment ago by another process: that answer stands
            } catch (IOException e) {
                continue; // left pending; the next look tries again
            }
            deleteQuietly(file);
        }
        return List.copyOf(expired);
    }

    /** Whether the process that queued a request is still the one waiting for it. */
    private static boolean waiterAlive(Queued q) {
        return ProcessHandle.of(q.waiter()).filter(ProcessHandle::isAlive)
                .filter(p -> q.waiterStarted() == null || p.info().startInstant().map(q.waiterStarted()::equals).orElse(true))
                .isPresent();
    }

    /** The requests that expired without an answer in the last day (answers are kept that long), newest first. */
    public List<Expired> expired() {
        List<Expired> out = new ArrayList<>();
        for (Path file : files(answers)) {
            String name = file.getFileName().toString();
            readResolution(name.substring(0, name.length() - ".json".length()))
                    .filter(r -> r.expired() && r.request() != null)
                    .ifPresent(r -> out.add(new Expired(r.request(), r.at(), reasonOf(r.answer()))));
        }
        out.sort(Comparator.comparing(Expired::at).reversed());
        return List.copyOf(out);
    }

    private Answer expire(String id, String reason) {
        Answer.Denied denied = new Answer.Denied(reason, "queue");
        try {
            Optional<ApprovalRequest> asked = Optional.of(pendingFile(id)).filter(Files::exists).flatMap(ApprovalQueue::readQueued)
                    .map(Queued::request);
            AtomicFiles.createAtomically(answerFile(id), json(new Resolution(id, denied, clock.instant(), true, asked.orElse(null))));
            return done(id, denied);
        } catch (FileAlreadyExistsException e) {
            // someone answered just before the expiry was written: their answer stands
            return done(id, readResolution(id).<Answer>map(Resolution::answer).orElse(new Answer.Denied(
                    "the answer file " + answerFile(id) + " is not a valid answer; denied to be safe", "queue")));
        } catch (IOException e) {
            return done(id, new Answer.Denied(reason + "; and the expiry could not be recorded: " + e.getMessage(), "queue"));
        }
    }

    private Answer done(String id, Answer answer) {
        try {
            Files.deleteIfExists(pendingFile(id));
        } catch (IOException e) {
            // pending() hides requests that have an answer, so a leftover file is only clutter
        }
        return answer;
    }

    private void refuseIfResolved(String id) {
        Path file = answerFile(id);
        if (!Files.exists(file)) {
            return;
        }
        Optional<Resolution> r = readResolution(id);
        if (r.isEmpty()) {
            throw AirlockException.usage("approval request " + id + " already has an answer file that is not valid ("
                    + file + "); its run will deny it", whatExists());
        }
        if (r.get().expired()) {
            throw AirlockException.usage("approval request " + id + " has expired: " + reasonOf(r.get().answer()),
                    "run the command again and answer it in time");
        }
        throw AirlockException.usage("approval request " + id + " was already answered: " + describe(r.get().answer())
                + " at " + r.get().at(), whatExists());
    }

    private String whatExists() {
        List<PendingRequest> now = pending();
        if (now.isEmpty()) {
            return "there are no pending approval requests (`airlock approvals` lists them)";
        }
        return "pending: " + String.join(", ", now.stream().map(p -> p.request().id() + " (" + Clean.line(p.request().command()) + ")").toList());
    }

    private static String describe(Answer a) {
        return switch (a) {
            case Answer.Approved ok -> "approved (" + ok.scope().json() + ") by " + ok.by();
            case Answer.Denied no -> "denied by " + no.by() + ": " + no.reason();
            case Answer.Passed p -> "passed by " + p.by();
        };
    }

    private static String reasonOf(Answer a) {
        return a instanceof Answer.Denied d ? d.reason() : describe(a);
    }

    /** Drops files of runs that died (pending past their deadline) and answers older than a day. */
    private void sweep() {
        Instant now = clock.instant();
        for (Path file : files(pending)) {
            Optional<Queued> q = readQueued(file);
            if (q.isPresent() && q.get().deadline().plus(STALE).isBefore(now)) {
                deleteQuietly(file);
            }
        }
        for (Path file : files(answers)) {
            try {
                if (Files.getLastModifiedTime(file).toInstant().plus(KEEP_ANSWERS).isBefore(now)) {
                    deleteQuietly(file);
                }
            } catch (IOException e) {
                // gone already, or unreadable: not ours to worry about here
            }
        }
    }

    private Optional<Resolution> readResolution(String id) {
        try {
            Resolution r = ApprovalJson.mapper().readValue(Files.readAllBytes(answerFile(id)), Resolution.class);
            return id.equals(r.id()) && r.answer() != null && r.at() != null ? Optional.of(r) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // torn, foreign or half-written: not an answer
            return Optional.empty();
        }
    }

    private static Optional<Queued> readQueued(Path file) {
        try {
            Queued q = ApprovalJson.mapper().readValue(Files.readAllBytes(file), Queued.class);
            return q.request() != null && q.deadline() != null ? Optional.of(q) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<Path> files(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : stream) {
                if (!AtomicFiles.isTemporary(file)) {
                    out.add(file);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw AirlockException.failure("cannot list the approval queue in " + dir + ": " + e.getMessage(),
                    "check that Airlock's state folder is readable (AIRLOCK_STATE_DIR)");
        }
        return out;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // another process may be cleaning up too
        }
    }

    private static byte[] json(Object value) throws IOException {
        return ApprovalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    }

    private Path pendingFile(String id) {
        return pending.resolve(id + ".json");
    }

    private Path answerFile(String id) {
        return answers.resolve(id + ".json");
    }
}
