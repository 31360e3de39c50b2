package dev.airlock.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The user's own git on the host, with the machine's own configuration, as a person would run it in a test. */
public final class HostGit {

    private HostGit() {
    }

    /** Runs git in {@code dir}; returns its output (stdout and stderr), stripped. */
    public static String run(Path dir, String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("git " + args[0] + " did not end in 60 s");
        }
        return out;
    }
}
