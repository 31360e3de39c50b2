package dev.airlock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The process's outside world as the CLI sees it: its streams, environment and whether stdin is a terminal.
 * Tests pass their own.
 */
public record Console(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean stdinIsTerminal) {

    public Console {
        env = Map.copyOf(env);
    }

    public static Console system() {
        return new Console(System.in, System.out, System.err, System.getenv(), isTerminal(0));
    }

    /** Whether file descriptor {@code fd} of this process is a terminal (Linux: its link names a tty). */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
