package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway local user, the other person on a shared machine: made with {@code useradd} (the tests run as
 * root), runs commands with {@code setpriv}, and is removed with everything it owned on {@link #close}.
 */
public final class LocalUser implements AutoCloseable {

    private final String name;
    private final int uid;
    private final List<Process> started = new ArrayList<>();

    private LocalUser(String name, int uid) {
        this.name = name;
        this.uid = uid;
    }

    public static LocalUser create() throws IOException, InterruptedException {
        String name = "alx" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Cli.Result made = exec(List.of("useradd", "--no-create-home", "--shell", "/bin/sh", "--user-group", name));
        if (made.exit() != 0) {
            throw new IllegalStateException("useradd failed: " + made);
        }
        Cli.Result id = exec(List.of("id", "-u", name));
        return new LocalUser(name, Integer.parseInt(id.out().trim()));
    }

    public String name() {
        return name;
    }

    public int uid() {
        return uid;
    }

    /** The command line that runs {@code command} as this user, with a clean environment. */
    public List<String> as(String... command) {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--init-groups", "--reset-env", "--"));
        cmd.addAll(List.of(command));
        return cmd;
    }

    /** Runs a shell script as this user and waits for it. */
    public Cli.Result sh(String script) throws IOException, InterruptedException {
        return exec(as("/bin/sh", "-c", script));
    }

    /** Starts a long-running program as this user; it is stopped on {@link #close}. */
    public Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(as(command)).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    /** A folder anyone may write (like /tmp), for files this user and the test both reach. */
    public static Path sharedFolder(String prefix) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        exec(List.of("chmod", "1777", dir.toString()));
        return dir;
    }

    /** Gives a path to this user. */
    public void own(Path path) throws IOException, InterruptedException {
        exec(List.of("chown", "-R", name + ":" + name, path.toString()));
    }

    public static Cli.Result exec(List<String> command) throws IOException, InterruptedException {
        return exec(new ProcessBuilder(command));
    }

    /** Runs a prepared process with no stdin and waits for it (two minutes at most). */
    public static Cli.Result exec(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var err = new StringBuilder();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // ended
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", pb.command()) + " did not end");
        }
        drain.join();
        return new Cli.Result(p.exitValue(), out, err.toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        exec(List.of("pkill", "-KILL", "-u", name)); // only this throwaway user's processes
        exec(List.of("userdel", "--force", name));
    }
}
