package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program's full-screen UI in a pseudo-terminal, as a person sees it: a tmux server of the test's own (its
 * socket in the test's folder), one window of a fixed size, the screen read with {@code capture-pane} and keys
 * typed with {@code send-keys}. Waits poll the screen, bounded in count and time, and a wait that fails says
 * what was on the screen. The program gets only the environment it is given.
 */
public final class Tmux implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(400);

    private final Path socket;
    private final List<String> screens = new ArrayList<>();

    private Tmux(Path socket) {
        this.socket = socket;
    }

    /** Whether tmux is installed (the tests that need it are skipped without it). */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts {@code command} in {@code cwd} on a 200x50 terminal, with exactly {@code env} (and TERM). */
    public static Tmux start(Path folder, Path cwd, Map<String, String> env, List<String> command) throws IOException {
        Files.createDirectories(folder);
        Tmux tmux = new Tmux(folder.resolve("tmux.sock"));
        List<String> line = new ArrayList<>(List.of("env", "-i", "TERM=xterm-256color", "LANG=C.UTF-8"));
        env.forEach((k, v) -> line.add(k + "=" + v));
        line.addAll(command);
        // the program's exit leaves the window open, so a screen that says why it ended can still be read
        String shell = String.join(" ", line.stream().map(Tmux::quote).toList()) + "; echo; echo \"[exited $?]\"; sleep 600";
        tmux.tmux("new-session", "-d", "-s", "t", "-x", "200", "-y", "50", "-c", cwd.toString(), shell);
        return tmux;
    }

    /** The screen now, wrapped lines joined, trailing blank lines dropped. */
    public String screen() {
        try {
            return tmux("capture-pane", "-p", "-J", "-t", "t").stripTrailing();
        } catch (IOException e) {
            return "(no screen: " + e.getMessage() + ")";
        }
    }

    /** The screen with each run of white space as one space, so text the UI wrapped or indented still matches. */
    public String flatScreen() {
        return screen().replaceAll("[\\s│┃]+", " ");
    }

    /** Polls until the screen shows every one of {@code texts} (white space collapsed), or fails saying what it showed. */
    public String waitFor(Duration within, String... texts) {
        long deadline = System.nanoTime() + within.toNanos();
        String flat = "";
        for (int i = 0; i < 10_000; i++) {
            flat = flatScreen();
            if (List.of(texts).stream().allMatch(flat::contains)) {
                return screen();
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            sleep(POLL);
        }
        throw new AssertionError("the terminal did not show " + List.of(texts) + " within " + within.toSeconds() + " s; it shows:\n"
                + screen() + "\n" + history());
    }

    /** Polls until {@code condition} holds; false if it did not within the time. */
    public boolean until(Duration within, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        for (int i = 0; i < 10_000; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            sleep(POLL);
        }
        return condition.getAsBoolean();
    }

    /** Types {@code text} literally (no key names). */
    public void type(String text) throws IOException {
        tmux("send-keys", "-t", "t", "-l", text);
    }

    /** Presses keys by tmux's names: {@code Enter}, {@code Escape}, {@code Down}, {@code C-c}. */
    public void press(String... keys) throws IOException {
        for (String key : keys) {
            tmux("send-keys", "-t", "t", key);
            sleep(Duration.ofMillis(150));
        }
    }

    /** Keeps the current screen for {@link #history()}, labelled. */
    public void remember(String label) {
        screens.add("--- " + label + ":\n" + screen());
    }

    /** The screens kept so far, for a failure message. */
    public String history() {
        return String.join("\n", screens);
    }

    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (IOException e) {
            // already gone
        }
    }

    private String tmux(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("TMUX");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("tmux " + args[0] + " did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
