package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.runtime.TerminalIO;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * This process's controlling terminal, lent to a shell in a sandbox: put in raw mode (keys pass as typed, so
 * Ctrl-C reaches the shell inside, not Airlock) and given back as it was, also when Airlock is stopped; its
 * size read with {@code stty} and followed on SIGWINCH (polled where the signal cannot be caught).
 */
final class HostTerminal implements TerminalIO, AutoCloseable {

    private static final File TTY = new File("/dev/tty");

    private final InputStream keys;
    private final OutputStream screen;
    private final String saved;
    private final Thread restoreOnExit;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Size last;

    private HostTerminal(InputStream keys, OutputStream screen, String saved) {
        this.keys = keys;
        this.screen = screen;
        this.saved = saved;
        this.restoreOnExit = new Thread(this::restore, "airlock-tty-restore");
        this.last = measure();
    }

    /** Takes the terminal over; close gives it back. */
    static HostTerminal open(InputStream keys, OutputStream screen) {
        String saved;
        try {
            saved = stty("-g").strip();
            stty("raw", "-echo");
        } catch (IOException e) {
            throw AirlockException.failure("cannot put the terminal in raw mode (" + e.getMessage() + ")",
                    "run airlock shell from a terminal, with stty installed");
        }
        HostTerminal terminal = new HostTerminal(keys, screen, saved);
        Runtime.getRuntime().addShutdownHook(terminal.restoreOnExit);
        terminal.followResizes();
        return terminal;
    }

    @Override
    public InputStream keys() {
        return keys;
    }

    @Override
    public OutputStream screen() {
        return screen;
    }

    @Override
    public Size size() {
        return last;
    }

    @Override
    public void onResize(Runnable listener) {
        listeners.add(listener);
    }

    private void followResizes() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> Thread.ofVirtual().start(this::changed));
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            Thread.ofPlatform().daemon().name("airlock-tty-size").start(() -> {
                while (true) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException stop) {
                        return;
                    }
                    changed();
                }
            });
        }
    }

    private void changed() {
        Size now = measure();
        if (!now.equals(last)) {
            last = now;
            listeners.forEach(Runnable::run);
        }
    }

    private static Size measure() {
        try {
            String[] rowsColumns = stty("size").strip().split("\\s+");
            return new Size(Integer.parseInt(rowsColumns[0]), Integer.parseInt(rowsColumns[1]));
        } catch (IOException | RuntimeException e) {
            return new Size(24, 80); // what terminals start with; the next resize corrects it
        }
    }

    private void restore() {
        try {
            stty(saved);
        } catch (IOException e) {
            // nothing more to do: the person can type `reset`
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
            // the JVM is going down and runs the hook itself
        }
    }

    /** {@code stty} on the controlling terminal, which it reads from its stdin. */
    private static String stty(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return out;
    }
}
