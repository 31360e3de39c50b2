package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.CatalogLoader;
import dev.airlock.runtime.SandboxRuntime;
import dev.airlock.runtime.docker.DockerRuntime;
import dev.airlock.session.Identity;
import dev.airlock.session.StateDir;
import java.lang.reflect.Constructor;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The composition root: builds what a command needs, lazily, so {@code airlock --help} never loads the
 * Docker client. Owns the runtime and closes it (removing its sandboxes) at exit, also on Ctrl-C.
 */
public final class Airlock {

    private final Console console;
    private final Supplier<SandboxRuntime> runtime;

    Airlock(Console console, Supplier<SandboxRuntime> runtimeFactory, boolean ownsRuntime) {
        this.console = console;
        this.runtime = memoize(() -> {
            SandboxRuntime created = runtimeFactory.get();
            if (ownsRuntime) {
                Runtime.getRuntime().addShutdownHook(new Thread(created::close, "airlock-cleanup"));
            }
            return created;
        });
    }

    /** The command line over the real engine; tests pass their own console. */
    public static CommandLine commandLine(Console console) {
        return new Airlock(console, DockerRuntime::connect, true).commandLine();
    }

    /** The command line over a runtime the caller owns (tests share one across many invocations). */
    public static CommandLine commandLine(Console console, SandboxRuntime runtime) {
        return new Airlock(console, () -> runtime, false).commandLine();
    }

    CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AirlockCommand(), new Factory());
        cli.setOut(new java.io.PrintWriter(console.out(), true));
        cli.setErr(new java.io.PrintWriter(console.err(), true));
        cli.setExecutionExceptionHandler(new ErrorHandler(console));
        return cli;
    }

    Console console() {
        return console;
    }

    /** Built-in profiles and modes, then the user's ({@code ~/.config/airlock}), then the workspace's {@code .airlock}. */
    Catalog catalog(java.util.Optional<java.nio.file.Path> workspace) {
        return new CatalogLoader().load(CatalogLoader.Sources.of(console.env(), workspace));
    }

    SandboxRuntime runtime() {
        return runtime.get();
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

    StateDir state() {
        return StateDir.resolve(console.env());
    }

    /** Prints an Airlock failure as message and hint, and maps it to its exit code. */
    private record ErrorHandler(Console console) implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
            if (e instanceof AirlockException a) {
                console.err().println("airlock: " + a.getMessage());
                if (!a.hint().isEmpty()) {
                    console.err().println("  what to do: " + a.hint());
                }
                if (Main.verbose(parsed.originalArgs().toArray(String[]::new))) {
                    a.printStackTrace(console.err());
                }
                return a.kind().exitCode();
            }
            console.err().println("airlock: internal error: " + e);
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
}
