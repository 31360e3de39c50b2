package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.app.Application;
import dev.airlock.app.Console;
import dev.airlock.app.Opening;
import dev.airlock.app.Services;
import dev.airlock.app.Task;
import dev.airlock.profile.Catalog;
import dev.airlock.runtime.SandboxRuntime;
import dev.airlock.session.StateDir;
import dev.airlock.text.Clean;
import java.lang.reflect.Constructor;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The command line over the application layer: builds picocli's tree (one subcommand at a time in the server)
 * and translates options into the application's requests. {@link Application} is the composition root.
 */
public final class Airlock {

    private final Application app;

    Airlock(Console console, Supplier<Services> factory, boolean ownsServices, boolean inServer) {
        this.app = new Application(console, factory, ownsServices, inServer);
    }

    /** The command line over the real engine, for one command in this process. */
    public static CommandLine commandLine(Console console) {
        return new Airlock(console, () -> Services.inProcess(Application.engine()), true, false).commandLine();
    }

    /** The command line over a runtime the caller owns (tests share one across many invocations). */
    public static CommandLine commandLine(Console console, SandboxRuntime runtime) {
        return new Airlock(console, () -> Services.inProcess(runtime), false, false).commandLine();
    }

    /** Runs one client's invocation in the server, over the server's services and its engine's settings. */
    public static int execute(Console console, Services services, String[] args, java.util.Map<String, String> engine) {
        var mismatch = EngineNotes.mismatch(console.env(), engine, ProcessHandle.current().pid());
        if (mismatch.isPresent()) {
            mismatch.get().lines().forEach(line -> console.err().println((line.startsWith(" ") ? "" : "airlock: ") + Clean.line(line)));
            return AirlockException.Kind.FAILURE.exitCode();
        }
        var only = args.length > 0 && !args[0].startsWith("-") ? Optional.of(args[0]) : Optional.<String>empty();
        return new Airlock(console, () -> services, false, true).commandLine(only).execute(args);
    }

    /** The application this command line translates into. */
    Application app() {
        return app;
    }

    /** Whether this invocation runs in the Airlock server (warm sessions outlive it). */
    boolean inServer() {
        return app.inServer();
    }

    Services services() {
        return app.services();
    }

    CommandLine commandLine() {
        return commandLine(Optional.empty());
    }

    /**
     * The command line; given the subcommand the arguments name, only that one is built (building all of them
     * by reflection costs milliseconds a command in the server should not pay), else all, for help and errors.
     */
    CommandLine commandLine(Optional<String> only) {
        Factory factory = new Factory();
        CommandLine cli = new CommandLine(new AirlockCommand(), factory);
        // help and completion describe every command
        java.util.List<Class<?>> wanted = only.filter(name -> !name.equals("help") && !name.equals("completion"))
                .flatMap(name -> AirlockCommand.SUBCOMMANDS.stream()
                .filter(c -> c.getAnnotation(picocli.CommandLine.Command.class).name().equals(name)).findFirst())
                .map(java.util.List::<Class<?>>of).orElse(AirlockCommand.SUBCOMMANDS);
        for (Class<?> type : wanted) {
            try {
                cli.addSubcommand(commandTaking(new CommandLine(factory.create(type), factory)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the subcommand " + type.getSimpleName(), e);
            }
        }
        Console console = app.console();
        cli.setOut(new java.io.PrintWriter(console.out(), true));
        cli.setErr(new java.io.PrintWriter(console.err(), true));
        cli.setExecutionExceptionHandler(new ErrorHandler(console));
        Help.configure(cli, console);
        return cli;
    }

    /**
     * A command that runs a CMD reads its own options only up to the CMD: {@code airlock run curl --json URL} hands
     * {@code --json} to curl, not to Airlock (#17).
     */
    static CommandLine commandTaking(CommandLine sub) {
        if (sub.getCommandSpec().positionalParameters().stream().anyMatch(p -> p.paramLabel().equals("CMD"))) {
            sub.setStopAtPositional(true);
        }
        return sub;
    }

    Console console() {
        return app.console();
    }

    /** Built-in profiles and modes, then the user's ({@code ~/.config/airlock}), then the workspace's {@code .airlock}. */
    Catalog catalog(Optional<java.nio.file.Path> workspace) {
        return app.catalog(workspace);
    }

    SandboxRuntime runtime() {
        return app.runtime();
    }

    StateDir state() {
        return app.state();
    }

    /** Home folders a workspace must not be or contain. */
    java.util.List<java.nio.file.Path> homes() {
        return app.homes();
    }

    /** Airlock's own folders, which a sandbox must never be able to write. */
    java.util.List<dev.airlock.scope.WorkspaceGuard.Sensitive> airlockFolders() {
        return app.airlockFolders();
    }

    /** The application's request for a session, from the options as given. */
    Opening opening(SessionOptions options) {
        return new Opening(Optional.ofNullable(options.session), Optional.ofNullable(options.mode),
                options.workspace.path(console()), options.workspace.given(), options.branch, options.allowBroadWorkspace,
                Optional.ofNullable(options.approver), options.approvalTimeout);
    }

    /** Opens the session the options name, or starts one; a new session's id is said on stderr when {@code announce}. */
    Task openSession(SessionOptions options, boolean announce) {
        return app.open(opening(options), announce);
    }

    /** The same for a session started for {@code first}: a request no run could honour is refused before it is made. */
    Task openSession(SessionOptions options, boolean announce, dev.airlock.session.CommandRequest first) {
        return app.open(opening(options), announce, first);
    }

    /** The approver chain a spec names; without one, the terminal when there is one, else deny (fail closed). */
    dev.airlock.approval.Approver approver(String spec) {
        return app.approver(Optional.ofNullable(spec));
    }

    /** Prints an Airlock failure as message and hint, and maps it to its exit code. */
    private record ErrorHandler(Console console) implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
            if (e instanceof AirlockException a && a.kind() != AirlockException.Kind.CANCELLED && Thread.currentThread().isInterrupted()) {
                console.err().println("airlock: interrupted before the command ran (" + Clean.lines(a.getMessage()) + ")");
                if (Main.verbose(parsed)) {
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
                if (Main.verbose(parsed)) {
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

    /** Gives subcommands that want it this command line (and through it the application). */
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
}
