package dev.airlock.app;

import dev.airlock.AirlockException;
import dev.airlock.approval.ApprovalQueue;
import dev.airlock.approval.Approver;
import dev.airlock.approval.Approvers;
import dev.airlock.approval.DenyApprover;
import dev.airlock.approval.TerminalApprover;
import dev.airlock.assess.Classifier;
import dev.airlock.assess.Settings;
import dev.airlock.audit.AuditEvent;
import dev.airlock.audit.AuditLog;
import dev.airlock.policy.RuleExamples;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.CatalogLoader;
import dev.airlock.profile.ProfileException;
import dev.airlock.runtime.Sandbox;
import dev.airlock.runtime.SandboxRuntime;
import dev.airlock.runtime.Warm;
import dev.airlock.runtime.docker.DockerRuntime;
import dev.airlock.scope.WorkspaceGuard;
import dev.airlock.session.Identity;
import dev.airlock.session.Leftovers;
import dev.airlock.session.Session;
import dev.airlock.session.SessionInfo;
import dev.airlock.session.SessionStore;
import dev.airlock.session.SpecFactory;
import dev.airlock.session.StateDir;
import dev.airlock.session.Workspace;
import dev.airlock.text.Clean;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The composition root and the one place sessions are started, resumed and stopped: it builds what a command
 * needs, lazily (so {@code airlock --help} never loads the Docker client), and decides the default mode and
 * when a session gets a branch. In-process it owns the services and closes them at exit, also on Ctrl-C; in
 * the server it borrows the server's.
 */
public final class Application {

    /** The mode a new session runs in when none is asked for. */
    public static final String DEFAULT_MODE = "default";

    private final Console console;
    private final Supplier<Services> services;
    private final boolean inServer;

    public Application(Console console, Supplier<Services> factory, boolean ownsServices, boolean inServer) {
        this.console = console;
        this.inServer = inServer;
        this.services = memoize(() -> {
            Services created = factory.get();
            if (ownsServices) {
                Runtime.getRuntime().addShutdownHook(new Thread(created::close, "airlock-cleanup"));
            }
            return created;
        });
    }

    /** The outside world of this invocation: its streams, environment, working folder and terminal. */
    public Console console() {
        return console;
    }

    /** Whether this invocation runs in the Airlock server (warm sessions outlive it). */
    public boolean inServer() {
        return inServer;
    }

    /** What outlives one command in this process, made on first use (so help never connects to the engine). */
    public Services services() {
        return services.get();
    }

    public SandboxRuntime runtime() {
        return services.get().runtime();
    }

    public Identity identity() {
        return Identity.invoking(console.env());
    }

    public StateDir state() {
        return StateDir.resolve(console.env(), line -> console.err().println("airlock: " + line));
    }

    /** Built-in profiles and modes, then the user's ({@code ~/.config/airlock}), then the workspace's {@code .airlock}. */
    public Catalog catalog(Optional<Path> workspace) {
        try {
            Catalog catalog = new CatalogLoader().load(CatalogLoader.Sources.of(console.env(), workspace),
                    note -> console.err().println("airlock: " + Clean.line(note)));
            // a rule that misses its own example would let that spelling through: such rules do not load
            RuleExamples.check(catalog, () -> new Classifier(Settings.defaults()));
            return catalog;
        } catch (ProfileException e) {
            if (workspace.isPresent() && Path.of(e.source()).startsWith(workspace.get().resolve(".airlock"))) {
                throw e.withHint(undoWorkspaceLayer(workspace.get(), e.source()));
            }
            throw e;
        }
    }

    /**
     * What to do about a workspace layer that is refused: a sandboxed command may have written it, so the way
     * out is to undo that command (rollback, diff and log never load the layer), not to run without it.
     */
    private String undoWorkspaceLayer(Path workspace, String file) {
        var latest = new SessionStore(state()).list().stream()
                .filter(s -> s.workspace().equals(workspace))
                .max(Comparator.comparing(SessionInfo::created));
        return "commands on this workspace stop here rather than run with less than its .airlock/ asks. "
                + latest.map(s -> "If a sandboxed command wrote it, undo that: airlock diff --session " + s.id()
                        + " shows what the session changed, airlock rollback --session " + s.id()
                        + " [--to CHECKPOINT] restores the workspace (airlock log --session " + s.id() + " lists the checkpoints). ")
                        .orElse("")
                + "If you wrote it, fix or remove " + file + ".";
    }

    /** Home folders a workspace must not be or contain: the invoking user's, and the real user's under sudo. */
    public List<Path> homes() {
        var homes = new ArrayList<Path>();
        homes.add(Path.of(System.getProperty("user.home")));
        String home = console.env().get("HOME");
        if (home != null && !home.isBlank()) {
            homes.add(Path.of(home));
        }
        String sudoUser = console.env().get("SUDO_USER");
        if (sudoUser != null && sudoUser.matches("[a-z_][a-z0-9_-]*")) {
            homes.add(Path.of("/home", sudoUser));
        }
        return homes;
    }

    /** Airlock's own folders, which a sandbox must never be able to write: its state and the user's configuration. */
    public List<WorkspaceGuard.Sensitive> airlockFolders() {
        var out = new ArrayList<WorkspaceGuard.Sensitive>();
        out.add(new WorkspaceGuard.Sensitive(state().root(), "Airlock's state folder"));
        CatalogLoader.Sources.of(console.env(), Optional.empty()).userDir()
                .ifPresent(dir -> out.add(new WorkspaceGuard.Sensitive(dir, "Airlock's configuration folder")));
        return out;
    }

    /**
     * Opens the session a command names, or starts one for the workspace and mode given, refusing a workspace
     * too broad to be a boundary; with {@code announce}, a new session's id is said on stderr.
     */
    public Task open(Opening opening, boolean announce) {
        return open(opening, announce, approver(opening.approver()), false, Optional.empty());
    }

    /** The same for a session started for {@code first}: a request no run could honour is refused before it is made. */
    public Task open(Opening opening, boolean announce, dev.airlock.session.CommandRequest first) {
        return open(opening, announce, approver(opening.approver()), false, Optional.of(first));
    }

    /**
     * The same, with the caller's approver; {@code warm} keeps the session's containers between its commands
     * (for a caller that runs many, such as the MCP server) until the session is closed.
     */
    public Task open(Opening opening, boolean announce, Approver approver, boolean warm) {
        return open(opening, announce, approver, warm, Optional.empty());
    }

    private Task open(Opening opening, boolean announce, Approver approver, boolean warm,
                      Optional<dev.airlock.session.CommandRequest> first) {
        var store = new SessionStore(state());
        Path workspace = check(opening);
        var context = sessionContext(workspace, warm);
        var caller = caller(approver, opening.approvalTimeout());
        if (opening.session().isPresent()) {
            return new Task(this, Session.resume(store, store.open(opening.session().get()), context, caller), caller);
        }
        String mode = opening.modeOrDefault();
        first.ifPresent(request -> dev.airlock.session.Requests.check(context.catalog(), context.catalog().mode(mode), request));
        var session = Session.start(store, new Workspace(workspace), mode, branch(opening, mode, workspace), context, caller);
        if (announce) {
            console.err().println("airlock: session " + session.id() + " (mode " + mode + ") on " + workspace
                    + session.info().branch().map(b -> ", branch " + b).orElse(""));
        }
        return new Task(this, session, caller);
    }

    /** Continues a session (perhaps in another mode: the caller saved it) with the caller's approver. */
    public Task resume(SessionInfo info, Opening opening, Approver approver, boolean warm) {
        var caller = caller(approver, opening.approvalTimeout());
        return new Task(this, Session.resume(new SessionStore(state()), info, sessionContext(info.workspace(), warm), caller),
                caller);
    }

    /**
     * Checks a command's session options before anything is made: a named session must exist and agree with
     * any mode and workspace given; a new session's workspace must exist and not be too broad. Returns the
     * workspace. (The mode is checked where the catalog is loaded next, before anything is made.)
     */
    public Path check(Opening opening) {
        var store = new SessionStore(state());
        if (opening.session().isPresent()) {
            var info = store.open(opening.session().get());
            Session.checkResumable(store, info);
            if (opening.mode().isPresent() && !opening.mode().get().equals(info.mode())) {
                throw AirlockException.usage("session " + info.id() + " runs in mode " + info.mode() + ", not " + opening.mode().get(),
                        "omit --mode with --session, or start a new session");
            }
            // a branch session works on a tree of its own; the repository it was made from names it as well
            var repository = dev.airlock.branch.SessionBranch.open(store.dir(info.id())).map(dev.airlock.branch.SessionBranch::repository);
            if (opening.workspaceGiven() && !Workspace.open(opening.workspace()).root().equals(info.workspace())
                    && !repository.equals(Optional.of(Workspace.open(opening.workspace()).root()))) {
                throw AirlockException.usage("session " + info.id() + " works on " + info.workspace() + ", not " + opening.workspace(),
                        "omit --workspace with --session, or start a new session");
            }
            return info.workspace();
        }
        var workspace = Workspace.open(opening.workspace());
        WorkspaceGuard.check(workspace.root(), homes(), airlockFolders(), opening.allowBroadWorkspace());
        return workspace.root();
    }

    /** The mode {@code opening} would run in, checked against the workspace's catalog. */
    public String mode(Opening opening, Catalog catalog) {
        String mode = opening.session().isPresent() ? new SessionStore(state()).open(opening.session().get()).mode()
                : opening.modeOrDefault();
        catalog.mode(mode);
        return mode;
    }

    private Session.Context sessionContext(Path workspace, boolean warm) {
        var runtime = runtime();
        // containers a crashed Airlock left behind are cleared on the side, off the command's path; the server
        // did this at its start and its own containers die with it, so it spares the engine a call per command
        if (!inServer) {
            Thread.ofVirtual().name("airlock-sweep").start(() -> {
                try {
                    runtime.removeOrphans();
                    runtime.removeOrphanNetworks();
                } catch (RuntimeException e) {
                    // best effort: doctor and the next run try again
                }
            });
        }
        return new Session.Context(catalog(Optional.of(workspace)), runtime,
                warm ? new Warm(runtime) : services().disposable(), warm, identity(), state(), Clock.systemUTC());
    }

    /** A new session whose sandboxes stay warm (in the server, until stopped or idle). */
    public Task startWarm(Opening opening) {
        if (opening.session().isPresent()) {
            throw AirlockException.usage("session start makes a new session", "omit --session");
        }
        var store = new SessionStore(state());
        var workspace = Workspace.open(opening.workspace());
        WorkspaceGuard.check(workspace.root(), homes(), airlockFolders(), opening.allowBroadWorkspace());
        String mode = opening.modeOrDefault();
        var context = warmContext(workspace.root());
        context.catalog().mode(mode);
        var caller = warmCaller();
        var session = Session.start(store, workspace, mode, branch(opening, mode, workspace.root()), context, caller);
        services().warm().register(session);
        return new Task(this, session, caller);
    }

    /**
     * A session's warm self: the one kept in this process, or the one on disk, warmed up and kept. Give it back
     * with {@link #release(Task)}.
     */
    public Task warm(String id) {
        var store = new SessionStore(state());
        var info = store.open(id);
        Session.checkResumable(store, info);
        var session = services().warm().use(info.id().value(),
                () -> Session.resume(store, info, warmContext(info.workspace()), warmCaller()));
        return new Task(this, session, warmCaller());
    }

    /** Ends a command's use of a warm session; outside the server nothing outlives the process, so its containers go. */
    public void release(Task task) {
        var warm = services().warm();
        warm.done(task.id().value());
        if (!inServer) {
            warm.stop(task.id().value());
        }
    }

    /** A warm session's context: containers kept per profile; its callers bring their own approvers and environments. */
    private Session.Context warmContext(Path workspace) {
        var runtime = runtime();
        return new Session.Context(catalog(Optional.of(workspace)), runtime, new Warm(runtime), true, identity(), state(),
                Clock.systemUTC());
    }

    /** Who a warm session runs for when no caller is named: nobody to ask, so escalations are denied. */
    private Session.Caller warmCaller() {
        return new Session.Caller(DenyApprover.noTerminal(), Duration.ofMinutes(5), line -> { }, console.env());
    }

    /**
     * Ends a session: its warm containers and proxy go, and its end is recorded; its state stays for diff,
     * rollback and report. Returns how many containers were removed.
     */
    public int stop(String id) {
        var store = new SessionStore(state());
        SessionInfo info = store.open(id);
        services().warm().stop(id);
        var runtime = runtime();
        var left = runtime.list(Map.of(SpecFactory.SESSION_LABEL, id));
        left.forEach(runtime::remove);
        try (AuditLog log = AuditLog.open(store.dir(info.id()).resolve("audit.jsonl"))) {
            log.append(new AuditEvent.SessionEnded(Instant.now()));
        }
        return left.size();
    }

    /** A session as listed: what is on disk, and whether this process keeps it warm. */
    public record Listed(SessionInfo info, boolean warm) {
    }

    /** Every session of the state folder, newest first; warm ones only in the server. */
    public List<Listed> sessions() {
        var warm = inServer ? Optional.of(services().warm()) : Optional.<dev.airlock.session.WarmSessions>empty();
        return new SessionStore(state()).list().stream()
                .map(s -> new Listed(s, warm.map(w -> w.get(s.id().value()).isPresent()).orElse(false))).toList();
    }

    /** What a dead Airlock left and was removed: containers, networks (with their firewall rules), state files. */
    public record Cleared(List<Sandbox> containers, List<String> networks, List<String> files) {
    }

    /** Removes what dead Airlock processes left: their containers and networks, then state files no live container uses. */
    public Cleared clearLeftovers() {
        return clearLeftovers(runtime(), state(), () -> services().disposable().leases().values());
    }

    /** As {@link #clearLeftovers()}, on an engine connection not yet in services (the server's, before it serves). */
    public static Cleared clearLeftovers(SandboxRuntime runtime, StateDir state) {
        return clearLeftovers(runtime, state, java.util.List::of);
    }

    private static Cleared clearLeftovers(SandboxRuntime runtime, StateDir state,
                                          java.util.function.Supplier<java.util.Collection<String>> leases) {
        List<Sandbox> containers = runtime.removeOrphans();
        List<String> networks = runtime.removeOrphanNetworks();
        var live = runtime.list(Map.of()).stream()
                .map(c -> c.labels().getOrDefault(SpecFactory.SESSION_LABEL, ""))
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        // a pooled container names no session: the pool says whose command holds it
        live.addAll(leases.get());
        return new Cleared(containers, networks, Leftovers.clear(state, live));
    }

    /** The engine Airlock runs sandboxes on (Docker, as the environment names it). */
    public static SandboxRuntime engine() {
        return DockerRuntime.connect();
    }

    /** The engine of the given settings ({@link dev.airlock.client.ClientProtocol#engineSettings}), read once by a server. */
    public static SandboxRuntime engine(java.util.Map<String, String> settings) {
        return DockerRuntime.connect(settings);
    }

    /** A session's files, for what only reads or restores them (diff, rollback, log, report): no engine needed. */
    public SessionFiles files(String id) {
        return SessionFiles.of(this, id);
    }

    /** Who a command runs for: this invocation's approver, notes and environment. */
    public Session.Caller caller(Optional<String> approverSpec, Duration approvalTimeout) {
        return caller(approver(approverSpec), approvalTimeout);
    }

    /**
     * The same, asking {@code first} before the caller's approvers: a yes a person already gave elsewhere (a
     * coding agent's own prompt) for exactly this command.
     */
    public Session.Caller caller(Approver first, Optional<String> approverSpec, Duration approvalTimeout) {
        return caller(new dev.airlock.approval.ApproverChain(List.of(first, approver(approverSpec))), approvalTimeout);
    }

    /** Ends a session's warm sandboxes in this process (its tree is going away); its state stays. */
    public void stopWarm(String id) {
        services().warm().stop(id);
    }

    private Session.Caller caller(Approver approver, Duration approvalTimeout) {
        return new Session.Caller(approver, approvalTimeout, line -> console.err().println("airlock: " + Clean.lines(line)),
                console.env());
    }

    /**
     * The approval queue of this state folder, once the requests whose asking process died are expired and
     * each expiry is written to its session's audit log (the dead process could not say why its command never ran).
     */
    public ApprovalQueue approvals() {
        ApprovalQueue queue = ApprovalQueue.under(state().root());
        expireOrphans(queue);
        return queue;
    }

    /**
     * Expires the requests whose asking process died, as {@link #approvals()} does, without anyone looking at the
     * queue (a server that starts does it: the dead one may have been the waiter); returns how many.
     */
    public int expireOrphanedApprovals() {
        return expireOrphans(ApprovalQueue.under(state().root()));
    }

    private int expireOrphans(ApprovalQueue queue) {
        var store = new SessionStore(state());
        var expired = queue.expireOrphans();
        for (var orphan : expired) {
            var request = orphan.request();
            try {
                Path dir = store.dir(new dev.airlock.session.SessionId(request.session()));
                if (Files.isDirectory(dir)) {
                    try (AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"))) {
                        log.append(new AuditEvent.ApprovalExpired(orphan.at(), request.id(), request.argv(), orphan.reason()));
                    }
                }
            } catch (RuntimeException e) {
                console.err().println("airlock: approval request " + request.id() + " expired, but its session's audit log"
                        + " could not record it: " + e.getMessage());
            }
        }
        return expired.size();
    }

    /** The approver chain a spec names; without one, the terminal when there is one, else deny (fail closed). */
    public Approver approver(Optional<String> spec) {
        String chosen = spec.orElseGet(() -> Approvers.defaultSpec(console.stdinIsTerminal() || console.stderrIsTerminal()));
        return Approvers.parse(chosen, new Approvers.Context(ApprovalQueue.under(state().root()),
                line -> console.err().println("airlock: " + Clean.lines(line)), this::terminal, console.cwd(), console.env(),
                this::knownWorkspaces));
    }

    /** Every workspace a session of this state folder works on: a reviewer program may lie in none of them. */
    private List<Path> knownWorkspaces() {
        return new SessionStore(state()).list().stream().map(SessionInfo::workspace).distinct().toList();
    }

    private TerminalApprover terminal;

    /** One per console: its reader takes every line typed on the terminal from then on. */
    private synchronized TerminalApprover terminal() {
        if (terminal == null) {
            terminal = new TerminalApprover(console.terminal(),
                    console.env().getOrDefault("USER", System.getProperty("user.name")), true, console.floor(), true);
        }
        return terminal;
    }

    /**
     * Whether a new session gets its own branch: when asked, and always in full-access over a repository folder;
     * so does a {@code .git} that is a link, which the branch code then refuses loudly. A gitfile (a worktree or
     * submodule) gets none.
     */
    static boolean branch(Opening opening, String mode, Path workspace) {
        if (opening.branch()) {
            return true;
        }
        Path git = workspace.resolve(".git");
        return mode.equals("full-access")
                && (Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(git));
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
