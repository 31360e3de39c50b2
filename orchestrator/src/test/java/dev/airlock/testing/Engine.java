package dev.airlock.testing;

import dev.airlock.runtime.Sandbox;
import java.util.List;
import java.util.Map;

/** What the engine holds of Airlock's, for tests that check nothing is left behind. */
public final class Engine {

    private Engine() {
    }

    /** Airlock containers of one session (running or not). */
    public static List<Sandbox> containersOf(String session) {
        return Cli.runtime().list(Map.of("dev.airlock.session", session));
    }

    /** Airlock containers started by a process (this test JVM, or an airlock subprocess). */
    public static List<Sandbox> containersOwnedBy(ProcessHandle process) {
        return Cli.runtime().list(Map.of(dev.airlock.runtime.docker.DockerRuntime.OWNER_LABEL,
                dev.airlock.runtime.docker.DockerRuntime.ownerOf(process)));
    }

    /** Airlock containers whose owner label names this pid (for a subprocess that is gone, whose start time is unknown). */
    public static List<Sandbox> containersOfPid(long pid) {
        return allContainers().stream()
                .filter(s -> s.labels().getOrDefault(dev.airlock.runtime.docker.DockerRuntime.OWNER_LABEL, "").startsWith(pid + "@"))
                .toList();
    }

    /** All Airlock containers on the engine. */
    public static List<Sandbox> allContainers() {
        return Cli.runtime().list(Map.of());
    }

    /** Polls (bounded) until the condition holds; returns whether it did. */
    public static boolean eventually(java.util.function.BooleanSupplier condition, java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
