package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.runtime.EngineStatus;
import dev.airlock.runtime.Sandbox;
import dev.airlock.runtime.SandboxRuntime;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code airlock doctor}: is everything in place to run sandboxes, and how to fix what is not. */
@Command(name = "doctor", description = "Check the engine, images and kernel features; say how to fix what is missing.")
final class DoctorCommand implements Callable<Integer> {

    private final Airlock airlock;

    DoctorCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        PrintStream out = airlock.console().out();
        int problems = 0;
        SandboxRuntime runtime;
        EngineStatus status;
        try {
            runtime = airlock.runtime();
            status = runtime.status();
        } catch (AirlockException e) {
            out.println("engine    FAIL  " + e.getMessage());
            out.println("          fix:  " + e.hint());
            return AirlockException.Kind.FAILURE.exitCode();
        }
        out.printf("engine    ok    Docker %s (API %s) on %s, kernel %s%n", status.version(), status.apiVersion(),
                status.os(), status.kernel());

        boolean seccomp = status.securityOptions().stream().anyMatch(o -> o.contains("seccomp"));
        out.printf("seccomp   %s%n", seccomp ? "ok    on in the engine; sandboxes run under Airlock's own profile (no io_uring)"
                : "FAIL  the engine runs without seccomp; fix: run dockerd with seccomp enabled (the default)");
        problems += seccomp ? 0 : 1;
        out.printf("cgroups   ok    v%s (memory, pids and CPU limits)%n", status.cgroupVersion());
        // not a failure: every profile but full-access runs without the fence
        out.printf("network   %s%n", runtime.openNetworkUnavailable()
                .map(why -> "WARN  full-access is refused here: " + why)
                .orElse("ok    full-access sandboxes get a fenced bridge of their own (host firewall rules)"));
        out.printf("runtimes  ok    %s%s%n", String.join(", ", status.runtimes()),
                status.runtimes().contains("runsc") ? "" : " (gVisor runsc not installed; profiles naming it cannot run)");

        for (String image : imagesInUse()) {
            if (runtime.imagePresent(image)) {
                out.printf("image     ok    %s%n", image);
            } else {
                out.printf("image     FAIL  %s is missing%n          fix:  scripts/build-images%n", image);
                problems++;
            }
        }

        List<Sandbox> removed = runtime.removeOrphans();
        runtime.removeOrphanNetworks();
        out.printf("leftovers ok    %s%n", removed.isEmpty() ? "no containers left by a dead Airlock"
                : "removed " + removed.size() + " container(s) left by a dead Airlock: "
                        + String.join(", ", removed.stream().map(Sandbox::shortId).toList()));
        long running = runtime.list(java.util.Map.of()).size();
        if (running > 0) {
            out.printf("          %d sandbox(es) of running Airlock processes%n", running);
        }
        if (airlock.inServer()) {
            var services = airlock.services();
            int waiting = services.disposable() instanceof dev.airlock.runtime.Pool pool ? pool.waiting() : 0;
            out.printf("server    ok    pid %d, %d warm session(s), %d pre-started container(s); log: %s%n",
                    ProcessHandle.current().pid(), services.warm().list().size(), waiting,
                    airlock.state().root().resolve("server.log"));
        }
        return problems == 0 ? 0 : AirlockException.Kind.FAILURE.exitCode();
    }

    private List<String> imagesInUse() {
        return airlock.catalog(java.util.Optional.empty()).profiles().values().stream().map(p -> p.image()).distinct().sorted().toList();
    }
}
