package dev.airlock.cli;

import java.util.Map;
import dev.airlock.client.ClientProtocol;
import dev.airlock.app.Services;
import dev.airlock.app.Application;
import dev.airlock.runtime.SandboxRuntime;
import dev.airlock.runtime.Pool;
import dev.airlock.server.Server;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock server}: the per-user server the client starts on demand; rarely run by hand. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock server   # the client starts it when needed", "  airlock server --idle-exit 1h"},
        name = "server", hidden = true,
        description = "Serve Airlock's commands on the state folder's unix socket (the client starts it on demand).")
final class ServerCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--idle-exit", defaultValue = "${env:AIRLOCK_SERVER_IDLE:-30m}", converter = Durations.class, paramLabel = "DURATION",
            description = "Exit after this long with no client and no warm session (default: ${DEFAULT-VALUE}).")
    Duration idleExit;

    @Option(names = "--session-idle", defaultValue = "${env:AIRLOCK_SESSION_IDLE:-15m}", converter = Durations.class, paramLabel = "DURATION",
            description = "End a warm session (remove its containers) after this long unused (default: ${DEFAULT-VALUE}).")
    Duration sessionIdle;

    @Option(names = "--pool-size", defaultValue = "${env:AIRLOCK_POOL_SIZE:-2}", paramLabel = "N",
            description = "Pre-started containers kept per profile and workspace for disposable runs (default: ${DEFAULT-VALUE}; 0: none).")
    int poolSize;

    @Option(names = "--pool-idle", defaultValue = "${env:AIRLOCK_POOL_IDLE:-10m}", converter = Durations.class, paramLabel = "DURATION",
            description = "Remove a pre-started container unused for this long (default: ${DEFAULT-VALUE}).")
    Duration poolIdle;

    ServerCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        // the engine is fixed when the server starts: a later `docker context use` picks another server
        Map<String, String> engine = ClientProtocol.engineSettings(System.getenv());
        SandboxRuntime runtime = Application.engine(engine);
        // what a crashed server (or any dead Airlock) left is cleared before serving
        runtime.status();
        int removed = Application.clearLeftovers(runtime, airlock.state()).containers().size();
        // and the approval requests a dead server (or any dead Airlock) left waiting: expired now, each in its
        // session's audit log, not only once someone looks at the queue
        int expired = airlock.app().expireOrphanedApprovals();
        Services services = Services.serving(runtime, new Pool(runtime, poolSize, poolIdle), sessionIdle);
        Runtime.getRuntime().addShutdownHook(new Thread(services::close, "airlock-server-cleanup"));
        try (Server server = Server.bind(Server.socketFor(airlock.state().root(), engine), services,
                (console, served, args) -> Airlock.execute(console, served, args, engine), idleExit)) {
            airlock.console().err().println("airlock: server " + ProcessHandle.current().pid() + " on " + server.socket()
                    + (removed > 0 ? " (removed " + removed + " container(s) a dead Airlock left)" : "")
                    + (expired > 0 ? " (expired " + expired + " approval request(s) a dead Airlock left waiting)" : ""));
            server.serve();
        }
        services.close();
        return 0;
    }
}
