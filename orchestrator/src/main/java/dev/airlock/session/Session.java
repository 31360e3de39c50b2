package dev.airlock.session;

import dev.airlock.AirlockException;
import dev.airlock.approval.Approver;
import dev.airlock.approval.Grants;
import dev.airlock.approval.RequestKind;
import dev.airlock.assess.Assessment;
import dev.airlock.assess.Classifier;
import dev.airlock.assess.Settings;
import dev.airlock.audit.AuditEvent;
import dev.airlock.audit.AuditLog;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Granted;
import dev.airlock.policy.Plan;
import dev.airlock.policy.PlanRequest;
import dev.airlock.policy.Planner;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Mode;
import dev.airlock.profile.Profile;
import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.ExecOutcome;
import dev.airlock.runtime.ExecSpec;
import dev.airlock.runtime.Lease;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.runtime.SandboxRuntime;
import dev.airlock.runtime.Sandboxes;
import dev.airlock.guard.Finding;
import dev.airlock.guard.HostGuard;
import dev.airlock.scope.WorkspaceScan;
import dev.airlock.workspace.Changes;
import dev.airlock.workspace.Checkpoint;
import dev.airlock.workspace.Checkpoints;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One task: a workspace, a mode, its grants, checkpoints and audit log. Every command travels through
 * {@link #execute} as DESIGN.md draws it: assess, plan, ask, checkpoint, run, recognise a sandbox denial
 * and offer the escalation, diff, record.
 */
public final class Session implements AutoCloseable {

    /**
     * What a session needs from the process that runs it; who a command runs for is its {@link Caller}.
     *
     * @param sandboxes where commands get their containers: fresh ones ({@code run}) or the session's warm ones
     * @param warm      whether the session outlives one command in this process (a warm session in the
     *                  server): its containers then share one egress socket folder, a socket per command
     */
    public record Context(Catalog catalog, SandboxRuntime runtime, Sandboxes sandboxes, boolean warm, Identity identity,
                          StateDir state, Clock clock) {
    }

    /**
     * Who a command is run for: who answers its escalations, where Airlock's notes go, and the caller's
     * environment (the source of {@code --env} values). A warm session serves many callers, each command its own.
     */
    public record Caller(Approver approver, Duration approvalTimeout, Consumer<String> notices, Map<String, String> hostEnv) {
        public Caller {
            hostEnv = Map.copyOf(hostEnv);
        }
    }

    /** One call's approver and notes, passed down the way a command travels. */
    private record Call(Escalations escalations, Consumer<String> notices, Map<String, String> hostEnv) {
    }

    private final SessionInfo info;
    private final Workspace workspace;
    private final Mode mode;
    private final Context ctx;
    private final Caller opener;
    private final Settings settings;
    private final Classifier classifier;
    private final TrackedSecrets trackedSecrets;
    private volatile Classifier trackedClassifier;
    private final Grants grants;
    private final AuditLog audit;
    private final Path dir;
    private final AtomicInteger commands;
    private final Optional<dev.airlock.branch.SessionBranch> branch;
    private Checkpoints checkpoints;

    private Session(SessionInfo info, Path dir, Context ctx, Caller opener, int commandsSoFar) {
        this.info = info;
        this.dir = dir;
        this.ctx = ctx;
        this.opener = opener;
        this.workspace = Workspace.open(info.workspace());
        this.mode = ctx.catalog().mode(info.mode());
        this.settings = settings(ctx.catalog(), mode);
        this.classifier = new Classifier(settings);
        this.trackedSecrets = new TrackedSecrets(workspace.root(), ctx.catalog().profile(mode.profile()).maskedPaths());
        this.grants = Grants.load(dir.resolve("grants.json"), ctx.catalog().profileOrder());
        this.audit = AuditLog.open(dir.resolve("audit.jsonl"));
        this.commands = new AtomicInteger(commandsSoFar);
        this.branch = BranchWork.of(info, dir);
    }

    /**
     * Starts a new session and records its start; with {@code branch}, the session works on a branch
     * {@code airlock/<id>} of the workspace's repository, in a tree of its own (see {@code dev.airlock.branch}):
     * the user's checkout, HEAD and branches stay as they were until they apply it.
     */
    public static Session start(SessionStore store, Workspace workspace, String mode, boolean branch, Context ctx, Caller opener) {
        Mode m = ctx.catalog().mode(mode);
        SessionInfo info = store.create(workspace, m.name());
        if (branch) {
            info = BranchWork.start(store, info, ctx.state());
        }
        Session session = new Session(info, store.dir(info.id()), ctx, opener, 0);
        session.audit.append(new AuditEvent.SessionStarted(ctx.clock().instant(), info.id().value(), m.name(),
                workspace.root().toString(), m.profile(), ctx.catalog().reachable(m).stream().map(Profile::name).toList(),
                List.of()));
        BranchWork.started(session.audit, ctx.clock(), session.branch);
        return session;
    }

    /** Refuses, with what to do, a session that cannot be continued (its branch was discarded with its tree). */
    public static void checkResumable(SessionStore store, SessionInfo info) {
        BranchWork.checkUsable(info, store.dir(info.id()));
    }

    /** Who opened the session: whose notes, environment and approver serve what no command names. */
    public Caller opener() {
        return opener;
    }

    /** Continues a session another Airlock process started, for {@code opener} unless a command names its caller. */
    public static Session resume(SessionStore store, SessionInfo info, Context ctx, Caller opener) {
        Path dir = store.dir(info.id());
        BranchWork.checkUsable(info, dir);
        var log = AuditLog.read(dir.resolve("audit.jsonl"));
        int commands = (int) log.events().stream()
                .filter(e -> e instanceof AuditEvent.CommandRan || e instanceof AuditEvent.CommandRefused).count();
        log.warnings().forEach(w -> opener.notices().accept("audit log: " + w));
        return new Session(info, dir, ctx, opener, commands);
    }

    /** The next command's id in this session ({@code c-N}). */
    String nextCommandId() {
        return "c-" + commands.incrementAndGet();
    }

    Context context() {
        return ctx;
    }

    Workspace workspace() {
        return workspace;
    }

    public SessionId id() {
        return info.id();
    }

    public SessionInfo info() {
        return info;
    }

    public Mode mode() {
        return mode;
    }

    /** The profiles, modes and rules the session judges by. */
    public Catalog catalog() {
        return ctx.catalog();
    }

    public Grants grants() {
        return grants;
    }

    /** The session's own branch, when it works on one. */
    public Optional<dev.airlock.branch.SessionBranch> branch() {
        return branch;
    }

    /** What the classifier knows of a mode: the sandbox's folder, what the mode masks and what it protects. */
    public static Settings settings(Catalog catalog, Mode mode) {
        return new Settings(SpecFactory.WORKDIR, catalog.profile(mode.profile()).maskedPaths(), Settings.defaults().registries(),
                protectedPatterns(catalog, mode));
    }

    /** What the mode's writable profiles keep read-only: writing there is asked about, whichever profile runs it. */
    public static List<String> protectedPatterns(Catalog catalog, Mode mode) {
        return catalog.reachable(mode).stream().filter(p -> p.workspace().writable())
                .flatMap(p -> p.readOnlyPaths().stream()).distinct().toList();
    }

    public Assessment assess(List<String> argv) {
        return assess(classifier(), workspace.root(), branch.map(dev.airlock.branch.SessionBranch::committedIndex), c -> c.assess(argv));
    }

    /**
     * What {@code how} makes of a command, told the host side's facts about the workspace at {@code root} that
     * the assessment (no I/O) cannot find itself: which of the workspace paths it deletes git brings back.
     */
    public static Assessment assess(Classifier classifier, java.nio.file.Path root,
                                    java.util.function.Function<Classifier, Assessment> how) {
        return assess(classifier, root, Optional.empty(), how);
    }

    /**
     * The same, in a branch session whose branch's last commit is staged in {@code branchIndex}: what that commit
     * holds unchanged (an earlier command's work, unknown to the tree's own index) is as restorable as what git
     * tracks in a workspace of the user's, so deleting it is not asked about either.
     */
    static Assessment assess(Classifier classifier, java.nio.file.Path root, Optional<java.nio.file.Path> branchIndex,
                             java.util.function.Function<Classifier, Assessment> how) {
        Assessment first = how.apply(classifier);
        List<String> deleted = first.reasons().stream()
                .filter(r -> r.what().equals("deletes") && r.tier() == dev.airlock.assess.Tier.DESTRUCTIVE)
                .map(dev.airlock.assess.Reason::detail).filter(d -> !d.startsWith("/")).distinct().toList();
        List<String> restorable = dev.airlock.scope.Restorable.among(root, deleted);
        List<String> onBranch = branchIndex.map(index -> dev.airlock.scope.Restorable.among(root, index,
                deleted.stream().filter(d -> !restorable.contains(d)).toList())).orElse(List.of());
        return restorable.isEmpty() && onBranch.isEmpty() ? first
                : how.apply(new Classifier(classifier.settings().withRestorable(restorable, onBranch)));
    }

    /** The classifier, told which masked files git tracks (reading them through git reads a secret). */
    private Classifier classifier() {
        List<String> tracked = trackedSecrets.paths();
        if (tracked.isEmpty()) {
            return classifier;
        }
        Classifier c = trackedClassifier;
        if (c == null || !c.settings().trackedSecrets().equals(tracked)) {
            c = new Classifier(settings.withTrackedSecrets(tracked));
            trackedClassifier = c;
        }
        return c;
    }

    /**
     * Asks a person whether the session may continue in {@code target}, a mode that gives more than this one:
     * an agent may not widen its own mode. Only a person's yes counts (programs and rules pass); the answer,
     * either way, is in the audit log. Returns whether the switch was approved.
     */
    public boolean askToWiden(Mode target, Optional<String> why, Caller caller) {
        var escalations = new Escalations(info.id(), caller.approver(), caller.approvalTimeout(), grants, audit,
                caller.notices(), ctx.clock());
        return escalations.widenMode(mode, target, why);
    }

    /**
     * Asks {@code caller}'s approvers, up front, for network access to {@code domains} in {@code needed} for the
     * session's commands; the answer is recorded (and a yes for the session granted) before it is returned.
     */
    public dev.airlock.approval.Answer askForDomains(List<String> domains, Profile needed, String why, Caller caller) {
        var escalations = new Escalations(info.id(), caller.approver(), caller.approvalTimeout(), grants, audit,
                caller.notices(), ctx.clock());
        return escalations.domains(domains, mode.profile(), needed.name(), why);
    }

    /** Runs one command for the caller that opened the session. */
    public RunResult execute(CommandRequest request, ProcessIO io) {
        return execute(request, io, opener);
    }

    /** Runs one command, asking first when it needs more than the mode gives; its output streams to {@code io}. */
    public RunResult execute(CommandRequest request, ProcessIO io, Caller caller) {
        Call call = new Call(new Escalations(info.id(), caller.approver(), caller.approvalTimeout(), grants, audit,
                caller.notices(), ctx.clock()).warm(ctx.warm()), caller.notices(), caller.hostEnv());
        var escalations = call.escalations();
        String commandId = "c-" + commands.incrementAndGet();
        Assessment assessment = assess(request.argv());
        trackedSecrets.noticeOnce().ifPresent(caller.notices());
        Requests.check(ctx.catalog(), mode, request);
        Plan plan = Planner.complete(new PlanRequest(assessment, mode, ctx.catalog(), request.profile(),
                request.allowDomains(), granted()), request.timeout());
        return switch (plan.decision()) {
            case Decision.Refuse refuse -> throw escalations.refused(commandId, request.argv(), request.justification(),
                    assessment, "nothing this mode may give", refuse.rule().map(r -> "rule:" + r).orElse("mode:" + mode.name()),
                    refuse.message(), refuse.hint());
            case Decision.Escalate escalate -> {
                var approved = escalations.ask(commandId, RequestKind.command(), request.argv(), assessment,
                        escalate.current().name(), escalate.needed().name(), escalate.parts(), escalate.domains(),
                        request.justification());
                call.notices().accept(commandId + " " + approved.summary());
                yield run(call, commandId, request, plan, Consent.of(approved), io);
            }
            case Decision.Run run -> run(call, commandId, request, plan, new Consent(Optional.empty(), run.approvedBy()), io);
        };
    }

    /** Who approved a run: a person's answer (recorded with the run), or what approved it without one. */
    private record Consent(Optional<AuditEvent.Approval> approval, List<String> summaries) {
        static Consent of(Escalations.Approved approved) {
            return new Consent(Optional.of(approved.audit()), List.of(approved.summary()));
        }
    }

    /** Carries out a plan the planner made: nothing is decided here. */
    private RunResult run(Call call, String commandId, CommandRequest request, Plan plan, Consent consent, ProcessIO io) {
        Profile profile = plan.profile();
        Assessment assessment = plan.request().assessment();
        Optional<AuditEvent.Approval> approval = consent.approval();
        Optional<Checkpoint> checkpoint = plan.checkpoint()
                ? Optional.of(checkpoint("before " + commandId + ": " + String.join(" ", request.argv()), call.notices()))
                : Optional.empty();
        TailStream out = new TailStream(io.stdout(), 4096);
        TailStream err = new TailStream(io.stderr(), 4096);
        Optional<ReplayableInput> stdin = io.stdin().map(in -> new ReplayableInput(in, ReplayableInput.LIMIT));
        Duration timeout = plan.timeout();
        if (plan.timeoutCut()) {
            call.notices().accept(commandId + " asked for a time limit of " + request.timeout().orElseThrow().toSeconds()
                    + "s, above the profile " + profile.name() + "'s limit of " + timeout.toSeconds() + "s; the profile's limit holds");
        }
        Optional<SessionEgress> egress = plan.proxy().map(entries -> egress(call, commandId, request, assessment, profile, entries));
        // a person approved this command's writes to protected paths: for this one command they are writable
        // and a routine git config write may write the repository's config, which the guard reads after it
        Guarded guarded = Guarded.forCommand(workspace.root(), profile,
                approval.isPresent() ? Guarded.lifted(assessment) : Set.of(), request.argv());
        Set<String> lifted = guarded.lifted();
        WorkspaceScan scan = scan(profile, guarded);
        // approving a read of a secret does not unmask it: said, so an empty file is not taken for the content (#17)
        assessment.reasons().stream().filter(r -> r.what().equals("reads-secret")).map(dev.airlock.assess.Reason::detail).distinct().findFirst()
                .ifPresent(path -> call.notices().accept(commandId + " reads " + path + ", a masked secret: in the sandbox it "
                        + "reads as empty, approved or not (the profile's maskedPaths); give a command a secret it needs with --env NAME"));
        String containerId;
        ExecOutcome outcome;
        boolean interrupted = false;
        AirlockException failed = null;
        List<RunResult.EgressRecord> egressRecords;
        try {
            // the workspace's own image, when it defines one (a new or changed definition is asked about first)
            Profile runOn = ProjectImages.resolve(ctx.runtime(), workspace, profile, scan.masked(), call.escalations(),
                    call.notices(), commandId);
            ContainerSpec spec = SpecFactory.spec(runOn, workspace, scan, ctx.identity(),
                    ctx.state().runFiles(ctx.identity()).withGitIdentity(GitIdentity.file(ctx.state(), call.hostEnv())),
                    call.hostEnv(), request.passEnv(), info.id(),
                    egress.map(SessionEgress::dir), caches(profile));
            Map<String, String> env = SpecFactory.execEnv(profile, ctx.identity(), call.hostEnv(), request.passEnv());
            // an allowlisted command reaches the network through a relay and a proxy socket of its own
            List<String> argv = egress.map(e -> SpecFactory.relayed(e.socket(), request.argv())).orElse(request.argv());
            Lease lease = ctx.sandboxes().acquire(spec);
            containerId = lease.sandbox().id();
            boolean clean = false;
            List<String> skipped = profile.workspace().writable() ? skipTrackedSecrets(lease, env, true, List.of()) : List.of();
            try {
                long started = System.nanoTime();
                try {
                    outcome = ctx.runtime().exec(lease.sandbox(), new ExecSpec(argv, env, timeout, profile.limits().outputBytes()),
                            new ProcessIO(out, err, stdin.map(in -> (java.io.InputStream) in)));
                } catch (AirlockException e) {
                    if (e.kind() != AirlockException.Kind.CANCELLED) {
                        // the sandbox failed under the command (the engine went away): it ran, and what it did up to
                        // then is recorded like any command's before the failure is said
                        failed = e;
                        outcome = new ExecOutcome(e.kind().exitCode(), false, false, 0, 0, false,
                                Duration.ofNanos(System.nanoTime() - started));
                    } else {
                        // Ctrl-C: the command is stopped; what it did is recorded as any command's (git and the guard
                        // below cannot work on an interrupted thread, so the interrupt waits until the record is made)
                        Thread.interrupted();
                        interrupted = true;
                        outcome = new ExecOutcome(AirlockException.Kind.CANCELLED.exitCode(), false, false, 0, 0, false,
                                Duration.ofNanos(System.nanoTime() - started));
                    }
                } finally {
                    try {
                        Uninterruptibly.run(() -> skipTrackedSecrets(lease, env, false, skipped));
                    } catch (AirlockException e) {
                        if (failed == null) {
                            throw e;
                        } // else what it set went with the failed sandbox, which is not reused
                    }
                }
                // after a kill, a process that hid from it may linger: a killed command's sandbox is not reused; nor
                // one that could write protected paths for an approved command, lest something left running keeps that
                clean = !outcome.timedOut() && !outcome.oomKilled() && !interrupted && failed == null && lifted.isEmpty();
            } finally {
                boolean reuse = clean;
                Uninterruptibly.run(() -> {
                    if (reuse) {
                        lease.close();
                    } else {
                        lease.discard();
                    }
                });
            }
        } finally {
            // the command's processes are gone: its connections and what was granted for it alone go too
            egressRecords = Uninterruptibly.call(() -> {
                egress.ifPresent(SessionEgress::close);
                if (profile.workspace().writable()) {
                    guard(call.notices(), commandId, guarded, scan);
                }
                return egress.map(e -> e.since(Map.of())).orElse(List.of());
            });
        }
        // the command has ended: what it did is recorded even when its caller goes away meanwhile
        String ranIn = containerId;
        ExecOutcome ended = outcome;
        boolean stopped = interrupted;
        List<RunResult.EgressRecord> reached = egressRecords;
        Changes changes = Uninterruptibly.call(() -> record(call, commandId, request, plan, approval, checkpoint, guarded,
                out, err, ranIn, ended, stopped, reached));
        if (failed != null) {
            throw failed;
        }
        RunResult result = new RunResult(info.id(), commandId, profile.name(), containerId, outcome.exitCode(),
                outcome.timedOut(), timeout, outcome.oomKilled(), profile.limits().memoryBytes(), outcome.outputTruncated(),
                profile.limits().outputBytes(), outcome.elapsed(), consent.summaries(), plan.flags(), checkpoint.map(Checkpoint::id), changes,
                egressRecords);
        if (interrupted) {
            Thread.currentThread().interrupt(); // the caller's, again: whoever waits on this thread learns it too
            throw new Interrupted(result);
        }
        if (!request.retryOnDenial() || outcome.timedOut()) {
            return result;
        }
        Optional<ProcessIO> again = stdin.isEmpty() ? Optional.of(io)
                : stdin.get().replay().map(in -> new ProcessIO(io.stdout(), io.stderr(), Optional.of(in)));
        return SandboxDenial.of(outcome.exitCode(), out.tail() + "\n" + err.tail(), profile)
                .map(denial -> retry(call, commandId, request, plan, denial, again, checkpoint, changes).orElse(result))
                .orElse(result);
    }

    /** Writes what an ended command did: its changes, its audit events, its branch commit; returns the changes. */
    private Changes record(Call call, String commandId, CommandRequest request, Plan plan, Optional<AuditEvent.Approval> approval,
            Optional<Checkpoint> checkpoint, Guarded guarded, TailStream out, TailStream err, String containerId,
            ExecOutcome outcome, boolean interrupted, List<RunResult.EgressRecord> egressRecords) {
        Profile profile = plan.profile();
        if (profile.workspace().writable()) {
            ProtectedWrites.notice(commandId, out.tail() + "\n" + err.tail(),
                    java.util.stream.Stream.concat(guarded.readOnlyPatterns().stream(), guarded.hostTools().stream()).toList())
                    .ifPresent(call.notices());
        }
        Changes changes = checkpoint.map(c -> checkpoints().changes(c)).orElse(Changes.NONE);
        changes.notHeld().forEach(x -> call.notices().accept(commandId + " left " + x.path() + " out of the checkpoints: " + x.reason()));
        if (interrupted) {
            audit.append(new AuditEvent.CommandInterrupted(ctx.clock().instant(), commandId));
        }
        audit.append(new AuditEvent.CommandRan(ctx.clock().instant(), commandId, request.argv(), request.justification(),
                AuditMapping.assessment(plan.request().assessment()), AuditMapping.decision(plan.decision()), approval,
                profile.name(), containerId, outcome.exitCode(), outcome.timedOut(), outcome.oomKilled(),
                outcome.elapsed().toMillis(), AuditMapping.changes(changes), AuditMapping.egress(egressRecords),
                checkpoint.map(Checkpoint::id), request.passEnv()));
        if (profile.workspace().writable()) {
            BranchWork.commit(branch, audit, ctx.clock(), call.notices(), commandId, request.argv());
        }
        return changes;
    }

    /**
     * Masked files git tracks look modified inside (they read empty): for the command's length, git skips their
     * working copies, so {@code git add -A && git commit} leaves them as they are in the user's history. Run
     * inside the sandbox (git there reads the repository's config; on the host it would run it), and only for
     * files not skipped already, which are left as the user had them. Returns what it set, to unset after.
     */
    private List<String> skipTrackedSecrets(Lease lease, Map<String, String> env, boolean skip, List<String> set) {
        List<String> paths = skip
                ? trackedSecrets.now().stream().filter(e -> !e.skipWorktree()).map(dev.airlock.scope.GitIndex.Entry::path).toList()
                : set;
        if (paths.isEmpty()) {
            return List.of();
        }
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-c", "core.fsmonitor=false", "update-index",
                skip ? "--skip-worktree" : "--no-skip-worktree", "--"));
        argv.addAll(paths);
        var sink = java.io.OutputStream.nullOutputStream();
        try {
            ExecOutcome done = ctx.runtime().exec(lease.sandbox(), new ExecSpec(argv, env, Duration.ofSeconds(30), 64 * 1024),
                    new ProcessIO(sink, sink, Optional.empty()));
            return done.exitCode() == 0 ? paths : List.of();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The sandbox stopped the command: offer the profile that would not have, and run it again if approved. */
    private Optional<RunResult> retry(Call call, String commandId, CommandRequest request, Plan plan, SandboxDenial denial,
                                      Optional<ProcessIO> again, Optional<Checkpoint> before, Changes firstAttempt) {
        Profile current = plan.profile();
        Assessment assessment = plan.request().assessment();
        Optional<Profile> stronger = denial == SandboxDenial.READ_ONLY_WORKSPACE ? plan.retry().writable() : plan.retry().network();
        if (stronger.isEmpty()) {
            call.notices().accept(commandId + " failed because " + denial.description() + ", and mode " + mode.name()
                    + " reaches no profile that allows it");
            return Optional.empty();
        }
        if (again.isEmpty()) {
            call.notices().accept(commandId + " failed because " + denial.description()
                    + "; not offering to run it again, since its input cannot be given to it twice");
            return Optional.empty();
        }
        ProcessIO io = again.get();
        call.notices().accept(commandId + " failed because " + denial.description() + "; " + stronger.get().name() + " would allow it");
        String retryId = "c-" + commands.incrementAndGet();
        Escalations.Approved approved;
        try {
            // what the first attempt changed is put back before the second starts: its first steps must not happen twice
            boolean undo = before.isPresent() && firstAttempt.size() > 0;
            String restriction = denial.description() + (undo ? "; the " + firstAttempt.size() + " file(s) it changed before it "
                    + "failed are rolled back first, so it starts again from where it started" : "");
            approved = call.escalations().ask(retryId, new RequestKind.OnFailure(restriction), request.argv(), assessment,
                    current.name(), stronger.get().name(), assessment.parts(), assessment.domains(), request.justification());
        } catch (AirlockException e) {
            // the command ran and failed on its own terms; a refused re-run leaves its result as it was
            // with the denial's hint: how to have it asked and approved (#17, a read-only mode's stopped write)
            call.notices().accept(retryId + " not run again: " + e.getMessage().lines().findFirst().orElse("")
                    + (e.hint() == null || e.hint().isBlank() ? "" : "\n  what to do: " + e.hint()));
            return Optional.empty();
        }
        if (before.isPresent() && firstAttempt.size() > 0) {
            Retries.rollBack(checkpoints(), before.get(), audit, ctx.clock(), call.notices(), commandId, info.id());
        }
        call.notices().accept(retryId + " " + approved.summary() + "; running it again in " + stronger.get().name());
        return Optional.of(run(call, retryId, request.withProfile(stronger.get().name()),
                Planner.retry(plan, stronger.get(), request.timeout()), Consent.of(approved), io));
    }

    /**
     * The proxy an allowlisted command reaches the network through, its own: what was granted for the session or
     * for this command passes, anything else is put to this command's approvers while the connection waits. In
     * a warm session its socket sits in the session's one socket folder (which its containers mount).
     */
    private SessionEgress egress(Call call, String commandId, CommandRequest request, Assessment assessment, Profile profile,
                                 List<String> granted) {
        // a disposable run's folder is its workspace's, so a pooled container made before the run mounts it already
        Path folder = ctx.warm() ? warmEgressDir() : ctx.state().egressOf(workspace);
        List<dev.airlock.egress.Pin> pins = request.resolve().stream().map(dev.airlock.egress.Pin::parse).toList();
        return SessionEgress.start(folder, ctx.identity(), granted,
                d -> network(call, commandId, request, assessment, profile, d), pins);
    }

    private Path warmEgressDir;

    private synchronized Path warmEgressDir() {
        if (warmEgressDir == null) {
            warmEgressDir = socketDir("session");
        }
        return warmEgressDir;
    }

    /** A live question from a command's proxy; a host another command had granted for the session meanwhile passes. */
    private dev.airlock.approval.Answer network(Call call, String commandId, CommandRequest request, Assessment assessment,
                                                Profile profile, SessionEgress.Destination d) {
        Optional<dev.airlock.approval.Grant> granted = grants.list().stream()
                .filter(g -> g.kind() == dev.airlock.approval.Grant.Kind.DOMAIN
                        && dev.airlock.egress.HostNames.allows(g.value(), d.host(), d.port()))
                .findFirst();
        if (granted.isPresent()) {
            return new dev.airlock.approval.Answer.Approved(dev.airlock.approval.Scope.SESSION, granted.get().by());
        }
        return call.escalations().network(commandId, request.argv(), assessment, profile.name(), d.host(), d.port(),
                request.justification());
    }

    /** A unix socket path must fit in 108 bytes; a deep state folder falls back to a short private one. */
    private Path socketDir(String commandId) {
        return ctx.state().socketFolder(dir.resolve("egress-" + commandId), info.id().value() + "-" + commandId);
    }

    Checkpoint checkpoint(String label, Consumer<String> notices) {
        long started = System.nanoTime();
        Checkpoint cp;
        try {
            cp = checkpoints().take(label);
        } catch (AirlockException e) {
            throw new AirlockException(AirlockException.Kind.FAILURE, "not run: a checkpoint of the workspace could not be taken ("
                    + e.getMessage() + "), and Airlock does not change a workspace it cannot roll back", e.hint(), e);
        }
        audit.append(new AuditEvent.CheckpointTaken(ctx.clock().instant(), cp.id(), label, cp.files(),
                (System.nanoTime() - started) / 1_000_000, cp.excluded().stream().map(x -> x.path() + " (" + x.reason() + ")").toList()));
        cp.excluded().stream().filter(dev.airlock.workspace.Excluded::isOverBudget)
                .forEach(x -> notices.accept("checkpoint " + cp.id() + " leaves out " + x.path() + ": " + x.reason()));
        return cp;
    }

    public synchronized Checkpoints checkpoints() {
        if (checkpoints == null) {
            checkpoints = Checkpoints.open(workspace.root(), ctx.state().checkpointStore(workspace),
                    checkpointOptions(ctx.catalog(), opener.hostEnv())).forSession(info.id().value());
        }
        return checkpoints;
    }

    /**
     * What a workspace's checkpoint store leaves out: the masks of every profile (the store is shared by the
     * workspace's sessions, whatever their mode), and the byte budget the environment may set.
     */
    public static Checkpoints.Options checkpointOptions(Catalog catalog, Map<String, String> env) {
        List<String> masks = catalog.profiles().values().stream().flatMap(p -> p.maskedPaths().stream()).distinct().toList();
        return new Checkpoints.Options(List.of(), masks, dev.airlock.workspace.Budget.fromEnv(env));
    }

    public AuditLog audit() {
        return audit;
    }

    /** The session's grants as the planner reads them (also for a face that judges a command before it runs it). */
    public Granted granted() {
        return new Granted() {
            @Override
            public Optional<String> covers(dev.airlock.assess.Part part, String profile) {
                return grants.covering(part, profile).map(g -> g.describe());
            }

            @Override
            public boolean coversDomain(String domain) {
                return grants.covers(domain);
            }

            @Override
            public List<String> domains() {
                return grants.list().stream().filter(g -> g.kind() == dev.airlock.approval.Grant.Kind.DOMAIN)
                        .map(dev.airlock.approval.Grant::value).toList();
            }
        };
    }

    /**
     * The workspace's cache folders for this profile; lock files a killed command left are cleared first when
     * no sandbox of the workspace runs (one that runs may hold them rightly).
     */
    Map<String, Path> caches(Profile profile) {
        Map<String, Path> folders = Caches.folders(ctx.state(), workspace, profile.caches(), ctx.identity());
        if (!folders.isEmpty() && Caches.dueForLockCheck(workspace)
                && !Caches.anyRuns(ctx.runtime().list(Map.of(SpecFactory.WORKSPACE_LABEL, workspace.key())), ctx.sandboxes().leases())) {
            Caches.clearStaleLocks(folders);
        }
        return folders;
    }

    /**
     * Undoes what the command left that a host program would run or follow, and says so: to the caller and in
     * the audit log. A guard that cannot look is reported too; it never hides the command's own result.
     */
    void guard(Consumer<String> notices, String commandId, Guarded guarded, WorkspaceScan scan) {
        List<Finding> found;
        try {
            found = HostGuard.enforce(workspace.root(), scan.watched(), guarded.hostToolPatterns(), guarded.approved(), scan.masked());
        } catch (RuntimeException e) {
            notices.accept(commandId + ": could not check the workspace for git config, hooks or host tools' files the "
                    + "command may have left (" + e.getClass().getSimpleName() + "); check .git and the workspace's tool folders");
            return;
        }
        if (found.isEmpty()) {
            return;
        }
        notices.accept(commandId + " left " + found.size() + " thing(s) a program on the host would run or follow; undone:");
        found.forEach(f -> notices.accept("  " + f.describe()));
        audit.append(new AuditEvent.Undone(ctx.clock().instant(), commandId,
                found.stream().map(f -> new AuditEvent.Item(f.path(), f.what(), f.undone())).toList()));
    }

    /** What of the workspace this profile masks and protects; refuses a boundary it cannot keep. */
    WorkspaceScan scan(Profile profile, Guarded guarded) {
        if (profile.workspace().writable()) {
            ensureHooksFolder();
        }
        WorkspaceScan scan = profile.workspace().writable()
                ? WorkspaceScan.of(workspace.root(), profile.maskedPaths(), guarded.readOnlyPatterns(), profile.pinnedPaths(),
                        guarded.hostToolPatterns().isEmpty() ? List.of() : guarded.hostTools())
                : WorkspaceScan.of(workspace.root(), profile.maskedPaths(), List.of());
        scan = guarded.withoutLifted(scan);
        if (scan.masked().size() > WorkspaceScan.MASK_LIMIT) {
            throw AirlockException.failure("the workspace holds " + scan.masked().size() + " secret-like files to mask; "
                            + "Airlock masks at most " + WorkspaceScan.MASK_LIMIT,
                    "pass a smaller workspace (airlock scope shows what is masked)");
        }
        return scan;
    }

    /**
     * A repository without {@code .git/hooks} would let the sandbox create one and plant a hook; an empty,
     * protected folder in its place keeps that from happening (git itself would create it anyway).
     */
    private void ensureHooksFolder() {
        Path git = workspace.root().resolve(".git");
        if (Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(git.resolve("hooks"));
            } catch (java.io.IOException | RuntimeException e) {
                throw AirlockException.failure("cannot create " + git.resolve("hooks") + " to protect it: " + e.getMessage(),
                        "create the folder yourself, or check the workspace's permissions");
            }
        }
    }

    /** Ends this process's hold on the session: its warm containers and proxy go; its state stays on disk. */
    @Override
    public void close() {
        try {
            if (ctx.warm()) {
                ctx.sandboxes().close();
            }
            synchronized (this) {
                if (warmEgressDir != null) {
                    SessionEgress.removeFolder(warmEgressDir);
                    warmEgressDir = null;
                }
            }
        } finally {
            audit.close();
        }
    }
}
