package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.client.ClientProtocol;
import dev.airlock.runtime.EngineStatus;
import dev.airlock.runtime.Sandbox;
import dev.airlock.runtime.SandboxRuntime;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock doctor}: is everything in place to run sandboxes, and how to fix what is not. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock doctor", "  airlock doctor --json"},
        name = "doctor", description = {"Check the engine, images and kernel features, and start a short-lived container on each kind of network "
                + "the profiles use (none, allowlisted, open) to see what it reaches; say how to fix what is missing.",
                "Everything it starts is labelled and removed when it ends (a later doctor or gc removes what a killed one left)."})
final class DoctorCommand implements Callable<Integer> {

    private final Airlock airlock;

    DoctorCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Option(names = "--json", description = "Print JSON: version, ok, and each check with name, status (ok, warn, fail), detail, fix.")
    boolean json;

    @Override
    public Integer call() {
        PrintStream out = airlock.console().out();
        DoctorChecks checks = new DoctorChecks();
        try {
            check(checks);
        } finally {
            checks.print(out, json);
        }
        return checks.exitCode();
    }

    /** Each check on its own: what needs no engine is checked whatever the engine's state. */
    private void check(DoctorChecks checks) {
        String host = EngineNotes.host(airlock.console().env());
        try {
            airlock.catalog(java.util.Optional.empty());
            checks.ok("config", "profiles, modes and rules load (built-in and ~/.config/airlock)");
        } catch (AirlockException e) {
            checks.fail("config", e.getMessage(), e.hint());
        }
        SandboxRuntime runtime;
        EngineStatus status;
        try {
            runtime = airlock.runtime();
            status = runtime.status();
        } catch (AirlockException e) {
            checks.fail("engine", e.getMessage(), airlock.console().env().containsKey("DOCKER_HOST")
                    ? "DOCKER_HOST=" + host + " is set: unset it to use the local engine (" + ClientProtocol.DEFAULT_ENGINE
                            + "), or point it at an engine that runs"
                    : e.hint());
            return;
        }
        checks.ok("engine", "Docker " + status.version() + " (API " + status.apiVersion() + ") on " + status.os()
                + ", kernel " + status.kernel() + ", at " + host);
        boolean seccomp = status.securityOptions().stream().anyMatch(o -> o.contains("seccomp"));
        if (seccomp) {
            checks.ok("seccomp", "on in the engine; sandboxes run under Airlock's own profile (no io_uring)");
        } else {
            checks.fail("seccomp", "the engine runs without seccomp", "run dockerd with seccomp enabled (the default)");
        }
        // each profile's limits are cgroup controls: the engine's own probe of this kernel says which it has
        if (status.missingLimits().isEmpty()) {
            checks.ok("cgroups", "v" + status.cgroupVersion() + ": memory, swap, pids and CPU quota limits all available");
        } else {
            checks.fail("cgroups", "v" + status.cgroupVersion() + " without " + String.join(", ", status.missingLimits())
                    + ": sandboxes would run without those limits", "enable those cgroup controllers in the kernel (e.g. "
                    + "cgroup_enable=memory swapaccount=1 on its command line) and restart the engine");
        }
        // not a failure: every profile but full-access runs without the fence
        runtime.openNetworkUnavailable().ifPresentOrElse(
                why -> checks.warn("network", "full-access is refused here: " + why),
                () -> checks.ok("network", "full-access sandboxes get a fenced bridge of their own (host firewall rules)"));
        checks.ok("runtimes", String.join(", ", status.runtimes())
                + (status.runtimes().contains("runsc") ? "" : " (gVisor runsc not installed; profiles naming it cannot run)"));
        boolean imagesPresent = true;
        for (String image : imagesInUse()) {
            if (runtime.imagePresent(image)) {
                checks.ok("image", image);
            } else {
                imagesPresent = false;
                checks.fail("image", image + " is missing", "scripts/build-images");
            }
        }
        networks(checks, runtime, imagesPresent);
        List<Sandbox> removed = runtime.removeOrphans();
        runtime.removeOrphanNetworks();
        long running = runtime.list(java.util.Map.of()).size();
        checks.ok("leftovers", (removed.isEmpty() ? "no containers left by a dead Airlock"
                : "removed " + removed.size() + " container(s) left by a dead Airlock: "
                        + String.join(", ", removed.stream().map(Sandbox::shortId).toList()))
                + (running > 0 ? "; " + running + " sandbox(es) of running Airlock processes" : ""));
        if (airlock.inServer()) {
            var services = airlock.services();
            int waiting = services.disposable().waiting();
            checks.ok("server", "pid " + ProcessHandle.current().pid() + ", " + services.warmSessions() + " warm session(s), "
                    + waiting + " pre-started container(s); log: " + ClientProtocol.log(airlock.state().root(),
                            // the caller's settings are the server's: a caller of another engine is refused before this
                            ClientProtocol.engineKey(ClientProtocol.engineSettings(airlock.console().env()))));
        }
    }

    /**
     * A container started on each kind of network the profiles use, and what it could reach: the network a
     * profile names is only as good as the engine makes it, so it is tried, not read from the settings.
     */
    private void networks(DoctorChecks checks, SandboxRuntime runtime, boolean imagesPresent) {
        var profiles = airlock.catalog(java.util.Optional.empty()).profiles().values();
        for (var mode : dev.airlock.profile.NetworkMode.values()) {
            var using = profiles.stream().filter(p -> p.network() == mode).map(p -> p.name()).sorted().toList();
            if (using.isEmpty()) {
                continue;
            }
            String name = "net-" + mode.name().toLowerCase(java.util.Locale.ROOT);
            String image = profiles.stream().filter(p -> p.network() == mode).map(p -> p.image()).sorted().findFirst().orElseThrow();
            if (!imagesPresent) {
                checks.warn(name, "not tried: the image " + image + " is missing (see above)");
                continue;
            }
            var kind = dev.airlock.runtime.NetworkCheck.Kind.valueOf(mode.name());
            runtime.checkNetwork(kind, image).ifPresent(c -> {
                String detail = c.detail() + " (" + String.join(", ", using) + ")";
                if (c.ok()) {
                    checks.ok(name, detail);
                } else {
                    checks.fail(name, detail, c.fix().orElse("run airlock doctor again"));
                }
            });
        }
    }

    private List<String> imagesInUse() {
        return airlock.catalog(java.util.Optional.empty()).profiles().values().stream().map(p -> p.image()).distinct().sorted().toList();
    }
}
