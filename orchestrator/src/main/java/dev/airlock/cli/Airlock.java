package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.CatalogLoader;
import dev.airlock.runtime.SandboxRuntime;
import dev.airlock.runtime.docker.DockerRuntime;
import dev.airlock.session.Identity;
import dev.airlock.session.StateDir;
import dev.airlock.text.Clean;
import java.lang.reflect.Constructor;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The composition root: builds what a command needs, lazily, so {@code airlock --help} never loads the
 * Docker client. In-process it owns the services and closes them (removing its sandboxes) at exit, also on
 * Ctrl-C; in the server it borrows the server's.
 */
public final class Airlock {

    private final Console console;
    private final Supplier<Services> services;
    private final boolean inServer;

    Airlock(Console console, Supplier<Services> factory, boolean ownsServices, boolean inServer) {
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

    /** The command line over the real engine, for one command in this process. */
    public static CommandLine commandLine(Console console) {
        return new Airlock(console, () -> Services.inProcess(DockerRuntime.connect()), true, false).commandLine();
    }

    /** The command line over a runtime the caller owns (tests share one across many invocations). */
    public static CommandLine commandLine(Console console, SandboxRuntime runtime) {
        return new Airlock(console, () -> Services.inProcess(runtime), false, false).commandLine();
    }

    /** Runs one client's invocation in the server, over the server's services. */
    public static int execute(Console console, Services services, String[] args) {
        EngineNotes.serverEngine(console.env(), System.getenv(), ProcessHandle.current().pid())
                .ifPresent(note -> console.err().println("airlock: " + Clean.line(note)));
        var only = args.length > 0 && !args[0].startsWith("-") ? java.util.Optional.of(args[0]) : java.util.Optional.<String>empty();
        return new Airlock(console, () -> services, false, true).commandLine(only).execute(args);
    }

    /** Whether this invocation runs in the Airlock server (warm sessions outlive it). */
    boolean inServer() {
        return inServer;
    }

    Services services() {
        return services.get();
    }

    CommandLine commandLine() {
        return commandLine(java.util.Optional.empty());
    }

    /**
     * The command line; given the subcommand the arguments name, only that one is built (building all of them
     * by reflection costs milliseconds a command in the server should not pay), else all, for help and errors.
     */
    CommandLine commandLine(java.util.Optional<String> only) {
        Factory factory = new Factory();
        CommandLine cli = new CommandLine(new AirlockCommand(), factory);
        // help and completion describe every command
        java.util.List<Class<?>> wanted = only.filter(name -> !name.equals("help") && !name.equals("completion"))
                .flatMap(name -> AirlockCommand.SUBCOMMANDS.stream()
                .filter(c -> c.getAnnotation(picocli.CommandLine.Command.class).name().equals(name)).findFirst())
                .map(java.util.List::<Class<?>>of).orElse(AirlockCommand.SUBCOMMANDS);
        for (Class<?> type : wanted) {
            try {
                cli.addSubcommand(new CommandLine(factory.create(type), factory));
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the subcommand " + type.getSimpleName(), e);
            }
        }
        cli.setOut(new java.io.PrintWriter(console.out(), true));
        cli.setErr(new java.io.PrintWriter(console.err(), true));
        cli.setExecutionExceptionHandler(new ErrorHandler(console));
        Help.configure(cli, console);
        return cli;
    }

    Console console() {
        return console;
    }

    /** Built-in profiles and modes, then the user's ({@code ~/.config/airlock}), then the workspace's {@code .airlock}. */
    Catalog catalog(java.util.Optional<java.nio.file.Path> workspace) {
        try {
            Catalog catalog = new CatalogLoader().load(CatalogLoader.Sources.of(console.env(), workspace),
                    note -> console.err().println("airlock: " + Clean.line(note)));
            // a rule that misses its own example would let that spelling through: such rules do not load
            dev.airlock.policy.RuleExamples.check(catalog, () -> new dev.airlock.assess.Classifier(dev.airlock.assess.Settings.defaults()));
            return catalog;
        } catch (dev.airlock.profile.ProfileException e) {
            if (workspace.isPresent() && java.nio.file.Path.of(e.source()).startsWith(workspace.get().resolve(".airlock"))) {
                throw e.withHint(undoWorkspaceLayer(workspace.get(), e.source()));
            }
            throw e;
        }
    }

    /**
     * What to do about a workspace layer that is refused: a sandboxed command may have written it, so the way
     * out is to undo that command (rollback, diff and log never load the layer), not to run without it.
     */
    private String undoWorkspaceLayer(java.nio.file.Path workspace, String file) {
        var latest = new dev.airlock.session.SessionStore(state()).list().stream()
                .filter(s -> s.workspace().equals(workspace))
                .max(java.util.Comparator.comparing(dev.airlock.session.SessionInfo::created));
        return "commands on this workspace stop here rather than run with less than its .airlock/ asks. "
                + latest.map(s -> "If a sandboxed command wrote it, undo that: airlock diff --session " + s.id()
                        + " shows what the session changed, airlock rollback --session " + s.id()
                        + " [--to CHECKPOINT] restores the workspace (airlock log --session " + s.id() + " lists the checkpoints). ")
                        .orElse("")
                + "If you wrote it, fix or remove " + file + ".";
    }

    SandboxRuntime runtime() {
        return services.get().runtime();
    }

    Identity identity() {
        return Identity.invoking(console.env());
    }

    /** Home folders a workspace must not be or contain: the invoking user's, and the real user's under sudo. */
    java.util.List<java.nio.file.Path> homes() {
        var homes = new java.util.ArrayList<java.nio.file.Path>();
        homes.add(java.nio.file.Path.of(System.getProperty("user.home")));
        String home = console.env().get("HOME");
        if (home != null && !home.isBlank()) {
            homes.add(java.nio.file.Path.of(home));
        }
        String sudoUser = console.env().get("SUDO_USER");
        if (sudoUser != null && sudoUser.matches("[a-z_][a-z0-9_-]*")) {
            homes.add(java.nio.file.Path.of("/home", sudoUser));
        }
        return homes;
    }

    /** Airlock's own folders, which a sandbox must never be able to write: its state and the user's configuration. */
    java.util.List<dev.airlock.scope.WorkspaceGuard.Sensitive> airlockFolders() {
        var out = new java.util.ArrayList<dev.airlock.scope.WorkspaceGuard.Sensitive>();
        out.add(new dev.airlock.scope.WorkspaceGuard.Sensitive(state().root(), "Airlock's state folder"));
        CatalogLoader.Sources.of(console.env(), java.util.Optional.empty()).userDir()
                .ifPresent(dir -> out.add(new dev.airlock.scope.WorkspaceGuard.Sensitive(dir, "Airlock's configuration folder")));
        return out;
    }

    /**
     * Opens the session a command names ({@code --session}), or starts one for the workspace and mode given,
     * refusing a workspace too broad to be a boundary. A new session's id is said on stderr.
     */
    dev.airlock.session.Session openSession(SessionOptions options, boolean announce) {
        return openSession(options, announce, approver(options.approver), false);
    }

    /** The same for a session started for {@code first}: a request no run could honour is refused before it is made. */
    dev.airlock.session.Session openSession(SessionOptions options, boolean announce, dev.airlock.session.CommandRequest first) {
        return openSession(options, announce, approver(options.approver), false, java.util.Optional.of(first));
    }

    /**
     * The same, with the caller's approver; {@code warm} keeps the session's containers between its commands
     * (for a caller that runs many, such as the MCP server) until the session is closed.
     */
    dev.airlock.session.Session openSession(SessionOptions options, boolean announce, dev.airlock.approval.Approver approver,
                                            boolean warm) {
        return openSession(options, announce, approver, warm, java.util.Optional.empty());
    }

    private dev.airlock.session.Session openSession(SessionOptions options, boolean announce, dev.airlock.approval.Approver approver,
                                                    boolean warm, java.util.Optional<dev.airlock.session.CommandRequest> first) {
        var store = new dev.airlock.session.SessionStore(state());
        java.nio.file.Path workspace = checkSessionOptions(options);
        if (options.session != null) {
            return dev.airlock.session.Session.resume(store, store.open(options.session),
                    sessionContext(options, workspace, approver, warm));
        }
        String mode = options.mode == null ? "default" : options.mode;
        var context = sessionContext(options, workspace, approver, warm);
        first.ifPresent(request -> dev.airlock.session.Requests.check(context.catalog(), context.catalog().mode(mode), request));
        boolean branch = options.branch || (mode.equals("full-access") && repository(workspace));
        var session = dev.airlock.session.Session.start(store, new dev.airlock.session.Workspace(workspace), mode, branch, context);
        if (announce) {
            console.err().println("airlock: session " + session.id() + " (mode " + mode + ") on " + workspace
                    + session.info().branch().map(b -> ", branch " + b).orElse(""));
        }
        return session;
    }

    /** Continues a session (perhaps in another mode: the caller saved it) with the caller's approver. */
    dev.airlock.session.Session resumeSession(dev.airlock.session.SessionInfo info, SessionOptions options,
                                              dev.airlock.approval.Approver approver, boolean warm) {
        return dev.airlock.session.Session.resume(new dev.airlock.session.SessionStore(state()), info,
                sessionContext(options, info.workspace(), approver, warm));
    }

    /**
     * Checks a command's session options before anything is made: a named session must exist and agree with
     * any mode and workspace given; a new session's workspace must exist and not be too broad. Returns the
     * workspace. (The mode is checked where the catalog is loaded next, before anything is made.)
     */
    java.nio.file.Path checkSessionOptions(SessionOptions options) {
        var store = new dev.airlock.session.SessionStore(state());
        if (options.session != null) {
            var info = store.open(options.session);
            if (options.mode != null && !options.mode.equals(info.mode())) {
                throw AirlockException.usage("session " + info.id() + " runs in mode " + info.mode() + ", not " + options.mode,
                        "omit --mode with --session, or start a new session");
            }
            var given = options.workspace.path(console);
            if (options.workspace.given() && !dev.airlock.session.Workspace.open(given).root().equals(info.workspace())) {
                throw AirlockException.usage("session " + info.id() + " works on " + info.workspace() + ", not " + given,
                        "omit --workspace with --session, or start a new session");
            }
            return info.workspace();
        }
        var workspace = dev.airlock.session.Workspace.open(options.workspace.path(console));
        dev.airlock.scope.WorkspaceGuard.check(workspace.root(), homes(), airlockFolders(), options.allowBroadWorkspace);
        return workspace.root();
    }

    private dev.airlock.session.Session.Context sessionContext(SessionOptions options, java.nio.file.Path workspace,
                                                               dev.airlock.approval.Approver approver, boolean warm) {
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
        return new dev.airlock.session.Session.Context(catalog(java.util.Optional.of(workspace)), runtime,
                warm ? new dev.airlock.runtime.Warm(runtime) : services().disposable(), warm, identity(), state(),
                console.env(), approver, options.approvalTimeout,
                line -> console.err().println("airlock: " + Clean.lines(line)), java.time.Clock.systemUTC());
    }

    /** A new session whose sandboxes stay warm (in the server, until stopped or idle). */
    dev.airlock.session.Session startWarmSession(SessionOptions options) {
        var store = new dev.airlock.session.SessionStore(state());
        var workspace = dev.airlock.session.Workspace.open(options.workspace.path(console));
        dev.airlock.scope.WorkspaceGuard.check(workspace.root(), homes(), airlockFolders(), options.allowBroadWorkspace);
        String mode = options.mode == null ? "default" : options.mode;
        var context = warmContext(workspace.root());
        context.catalog().mode(mode);
        boolean branch = options.branch || (mode.equals("full-access") && repository(workspace.root()));
        var session = dev.airlock.session.Session.start(store, workspace, mode, branch, context);
        services().warm().register(session);
        return session;
    }

    /** A session's warm self: the one kept in this process, or the one on disk, warmed up and kept. */
    dev.airlock.session.Session warmSession(String id) {
        var store = new dev.airlock.session.SessionStore(state());
        var info = store.open(id);
        return services().warm().use(info.id().value(),
                () -> dev.airlock.session.Session.resume(store, info, warmContext(info.workspace())));
    }

    /** A warm session's context: containers kept per profile; its callers bring their own approvers. */
    private dev.airlock.session.Session.Context warmContext(java.nio.file.Path workspace) {
        var runtime = runtime();
        return new dev.airlock.session.Session.Context(catalog(java.util.Optional.of(workspace)), runtime,
                new dev.airlock.runtime.Warm(runtime), true, identity(), state(), console.env(),
                dev.airlock.approval.DenyApprover.noTerminal(), java.time.Duration.ofMinutes(5),
                line -> { }, java.time.Clock.systemUTC());
    }

    /** Who a command in a warm session runs for: this invocation's approver, notes and environment. */
    dev.airlock.session.Session.Caller caller(String approverSpec, java.time.Duration approvalTimeout) {
        return new dev.airlock.session.Session.Caller(approver(approverSpec), approvalTimeout,
                line -> console.err().println("airlock: " + Clean.lines(line)), console.env());
    }

    /** The approver chain a spec names; without one, the terminal when there is one, else deny (fail closed). */
    dev.airlock.approval.Approver approver(String spec) {
        String chosen = spec != null ? spec
                : dev.airlock.approval.Approvers.defaultSpec(console.stdinIsTerminal() || console.stderrIsTerminal());
        return dev.airlock.approval.Approvers.parse(chosen, new dev.airlock.approval.Approvers.Context(
                dev.airlock.approval.ApprovalQueue.under(state().root()),
                line -> console.err().println("airlock: " + Clean.lines(line)), this::terminal, console.cwd(), console.env(),
                this::knownWorkspaces));
    }

    /** Every workspace a session of this state folder works on: a reviewer program may lie in none of them. */
    private java.util.List<java.nio.file.Path> knownWorkspaces() {
        return new dev.airlock.session.SessionStore(state()).list().stream().map(dev.airlock.session.SessionInfo::workspace)
                .distinct().toList();
    }

    private dev.airlock.approval.TerminalApprover terminal;

    /** One per console: its reader takes every line typed on the terminal from then on. */
    private synchronized dev.airlock.approval.TerminalApprover terminal() {
        if (terminal == null) {
            terminal = new dev.airlock.approval.TerminalApprover(console.terminal(),
                    console.env().getOrDefault("USER", System.getProperty("user.name")), true, console.floor(), true);
        }
        return terminal;
    }

    StateDir state() {
        return StateDir.resolve(console.env(), line -> console.err().println("airlock: " + line));
    }

    /** Prints an Airlock failure as message and hint, and maps it to its exit code. */
    private record ErrorHandler(Console console) implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
            if (e instanceof AirlockException a && a.kind() != AirlockException.Kind.CANCELLED && Thread.currentThread().isInterrupted()) {
                console.err().println("airlock: interrupted before the command ran (" + Clean.lines(a.getMessage()) + ")");
                if (Main.verbose(parsed.originalArgs().toArray(String[]::new))) {
                    a.printStackTrace(console.err());
                }
                return ExitCodes.INTERRUPTED;
            }
            if (e instanceof AirlockException a) {
                // messages quote commands, names and reviewers' words: cleaned here too, whatever built them
                console.err().println("airlock: " + Clean.lines(a.getMessage()));
                if (!a.hint().isEmpty()) {
                    console.err().println("  what to do: " + Clean.lines(a.hint()));
                }
                if (Main.verbose(parsed.originalArgs().toArray(String[]::new))) {
                    a.printStackTrace(console.err());
                }
                return a.kind().exitCode();
            }
            if (Thread.currentThread().isInterrupted()) {
                // Ctrl-C before the command ran (while a checkpoint or the sandbox was being made): nothing ran
                console.err().println("airlock: interrupted before the command ran");
                return ExitCodes.INTERRUPTED;
            }
            console.err().println("airlock: internal error: " + Clean.lines(e.toString()));
            e.printStackTrace(console.err());
            return AirlockException.Kind.FAILURE.exitCode();
        }
    }

    /** Gives subcommands that want it this composition root. */
    private final class Factory implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Airlock.class) {
                    c.setAccessible(true);
                    return type.cast(c.newInstance(Airlock.this));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
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

    /**
     * Whether a full-access session gets its own branch: a repository folder does; so does a {@code .git} that is
     * a link, which the branch code then refuses loudly. A gitfile (a worktree or submodule) gets none.
     */
    private static boolean repository(java.nio.file.Path workspace) {
        java.nio.file.Path git = workspace.resolve(".git");
        return java.nio.file.Files.isDirectory(git, java.nio.file.LinkOption.NOFOLLOW_LINKS) || java.nio.file.Files.isSymbolicLink(git);
    }
}
