package dev.airlock.app;

import dev.airlock.approval.HeldOutput;
import dev.airlock.approval.TerminalApprover;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The outside world of one invocation as the CLI sees it: its streams, environment, working folder, whether
 * stdin and stderr are terminals, and how to reach the person's terminal for a prompt. In-process that is this
 * process's; in the server, a client's, relayed over its connection. Tests pass their own.
 */
public record Console(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean stdinIsTerminal,
                      boolean stderrIsTerminal, Path cwd, TerminalApprover.Opener terminal, HeldOutput floor) {

    /** Its stdout and stderr go through {@code floor}: while the terminal prompt asks, they wait. */
    public Console {
        env = Map.copyOf(env);
        Objects.requireNonNull(cwd);
        Objects.requireNonNull(terminal);
        Objects.requireNonNull(floor);
        out = new PrintStream(floor.hold(out), true, StandardCharsets.UTF_8);
        err = new PrintStream(floor.hold(err), true, StandardCharsets.UTF_8);
    }

    /** A console whose prompts go to {@code terminal}, with a floor of its own; stderr is this process's. */
    public Console(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean stdinIsTerminal,
                   Path cwd, TerminalApprover.Opener terminal) {
        this(in, out, err, env, stdinIsTerminal, isTerminal(2), cwd, terminal, new HeldOutput());
    }

    /** A client's console, as the server relays it: whether its stdin and stderr are terminals is the client's word. */
    public Console(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean stdinIsTerminal,
                   boolean stderrIsTerminal, Path cwd, TerminalApprover.Opener terminal) {
        this(in, out, err, env, stdinIsTerminal, stderrIsTerminal, cwd, terminal, new HeldOutput());
    }

    /** A console in this process's folder, whose prompts go to its controlling terminal. */
    public Console(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean stdinIsTerminal) {
        this(in, out, err, env, stdinIsTerminal, Path.of("").toAbsolutePath(), Console::controllingTerminal);
    }

    public static Console system() {
        return new Console(System.in, System.out, System.err, System.getenv(), isTerminal(0));
    }

    /** A path as the caller wrote it, resolved against the caller's working folder. */
    public Path resolve(String path) {
        return cwd.resolve(path).toAbsolutePath().normalize();
    }

    public static TerminalApprover.Terminal controllingTerminal() throws IOException {
        FileInputStream in = new FileInputStream("/dev/tty");
        try {
            return new TerminalApprover.Terminal(in, new PrintStream(new FileOutputStream("/dev/tty"), true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** Whether file descriptor {@code fd} of this process is a terminal (Linux: its link names a tty). */
    public static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
