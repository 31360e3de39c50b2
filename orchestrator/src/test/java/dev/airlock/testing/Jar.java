package dev.airlock.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the built {@code airlock.jar} as a separate process, as a user would run it. */
public final class Jar {

    private Jar() {
    }

    public static Path path() {
        String jar = System.getProperty("airlock.jar");
        if (jar == null) {
            throw new IllegalStateException("system property airlock.jar is not set (run through failsafe)");
        }
        return Path.of(jar);
    }

    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The command line that runs airlock with these arguments. */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java().toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", path().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public static ProcessBuilder builder(Path stateDir, Map<String, String> extraEnv, String... args) {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().put("AIRLOCK_STATE_DIR", stateDir.toString());
        pb.environment().putAll(extraEnv);
        return pb;
    }

    public static Process start(Path stateDir, Map<String, String> extraEnv, String... args) throws IOException {
        return builder(stateDir, extraEnv, args).start();
    }
}
