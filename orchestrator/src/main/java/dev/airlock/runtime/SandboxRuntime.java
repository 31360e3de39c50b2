package dev.airlock.runtime;

import java.util.List;
import java.util.Map;

/**
 * The one place that runs things: creates sandboxes from specs, runs commands in them, removes them.
 * Every failure is an {@link dev.airlock.AirlockException} saying what to do (start the engine, build the
 * image). Implementations are thread-safe.
 */
public interface SandboxRuntime extends AutoCloseable {

    /** Checks the engine is reachable and describes it. */
    EngineStatus status();

    /** Whether the image is present locally (Airlock never pulls). */
    boolean imagePresent(String image);

    /** Builds an image from a context Airlock made (no network, no pull); fails with what the build said. */
    default void buildImage(ImageBuild build) {
        throw dev.airlock.AirlockException.failure("this runtime cannot build images", "");
    }

    /** Gives an image present in the engine another tag. */
    default void tagImage(String image, String tag) {
        throw dev.airlock.AirlockException.failure("this runtime cannot tag images", "");
    }

    /**
     * Creates and starts a sandbox that idles until commands are run in it. It is tied to this runtime:
     * when the process that owns the runtime dies, the engine stops and removes it.
     */
    Sandbox start(ContainerSpec spec);

    /**
     * Runs one command in a sandbox, streaming its output, and waits for it (bounded by its timeout). A sandbox
     * runs one command at a time: a timeout or a cancel kills every process of the sandbox's command user.
     */
    ExecOutcome exec(Sandbox sandbox, ExecSpec exec, ProcessIO io);

    /**
     * Runs one command on a terminal of its own in the sandbox (a TTY whose size follows the person's window),
     * for a person typing, and waits until it ends; no time limit, no output limit. The keys go in raw, so
     * Ctrl-C reaches the command as the terminal inside makes it a signal.
     */
    default ExecOutcome interactive(Sandbox sandbox, ExecSpec exec, TerminalIO terminal) {
        throw dev.airlock.AirlockException.failure("this runtime cannot open a terminal in a sandbox",
                "use airlock run with a script instead");
    }

    /**
     * The sandbox's mount table as its processes see it, read by the kernel (not by anything the sandbox
     * could have changed), for {@link MountGuard} to compare with what the sandbox was made with.
     */
    MountTable mountTable(Sandbox sandbox);

    /**
     * Ends whatever a finished command left running in the sandbox, however it detached (a new session or
     * process group, a double fork, a scrubbed environment). True when the engine then sees no process of the
     * command user left; a sandbox for which it is false must not run another command.
     */
    boolean endCommands(Sandbox sandbox);

    /** Removes a sandbox and everything running in it; removing one already gone is not an error. */
    void remove(Sandbox sandbox);

    /** Sandboxes (also of other Airlock processes) whose labels include all the given ones. */
    List<Sandbox> list(Map<String, String> labels);

    /** Removes sandboxes whose owning Airlock process is gone (killed, crashed); returns what it removed. */
    List<Sandbox> removeOrphans();

    /**
     * Removes the networks (and their firewall rules) of open-network sandboxes whose owning process is gone;
     * call it after {@link #removeOrphans()}. Returns the networks removed; a runtime that makes none has none.
     */
    default List<String> removeOrphanNetworks() {
        return List.of();
    }

    /** Why an open-network sandbox cannot be fenced here (and so is refused), or empty when it can. */
    default java.util.Optional<String> openNetworkUnavailable() {
        return java.util.Optional.empty();
    }

    /**
     * Starts a short-lived container of {@code image} on one kind of network a profile uses and says what it could
     * and could not reach (for {@code doctor}); everything it started is removed before it returns. Empty when
     * this runtime cannot look.
     */
    default java.util.Optional<NetworkCheck> checkNetwork(NetworkCheck.Kind kind, String image) {
        return java.util.Optional.empty();
    }

    /** Removes every sandbox this runtime started and has not removed yet. */
    @Override
    void close();
}
