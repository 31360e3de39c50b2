package dev.airlock.runtime.docker;

import dev.airlock.AirlockException;
import dev.airlock.runtime.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of a sandbox's command, and ending them. The idle init and {@code cat} run as a uid of their
 * own; commands run as the spec's user, so one {@code kill(-1, SIGKILL)} run as that user ends every process a
 * command left, however it detached, and the host counts what is left (the container's cgroup, else the
 * engine's {@code top}).
 */
final class Processes {

    private static final Logger log = LoggerFactory.getLogger(Processes.class);
    /**
     * Kills every process of the caller's user but itself and the namespace's init, in one system call: the
     * kernel walks the process list under a lock that fork needs too, so nothing forks its way out of it, and
     * neither a new session, a double fork nor a scrubbed environment hides a process from it.
     */
    private static final String KILL_ALL = "kill -KILL -1 2>/dev/null; true";
    /** How long processes may take to die after {@link #KILL_ALL} before the sandbox counts as not clean. */
    private static final Duration DEATH_WAIT = Duration.ofSeconds(3);

    private final Engine engine;
    private final Containers containers;
    private final Map<String, Census> censuses = new ConcurrentHashMap<>();

    Processes(Engine engine, Containers containers) {
        this.engine = engine;
        this.containers = containers;
    }

    boolean endCommands(Sandbox sandbox) {
        boolean interrupted = Thread.interrupted();
        try {
            Census census = census(sandbox);
            if (census.commandProcesses() == 0) {
                return true; // the usual case: the command left nothing behind
            }
            killAll(sandbox);
            long deadline = System.nanoTime() + DEATH_WAIT.toNanos();
            for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
                if (census.commandProcesses() == 0) {
                    return true;
                }
                EngineCalls.sleep(Duration.ofMillis(attempt < 5 ? 5 : 50));
            }
            log.warn("processes of a finished command in sandbox {} outlived a kill; the sandbox is not reused", sandbox.shortId());
            return false;
        } catch (RuntimeException e) {
            // fail closed: a sandbox whose processes cannot be counted is not given to another command
            log.debug("could not end the commands of {}: {}", sandbox.shortId(), e.toString());
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Forgets what was known of a removed sandbox. */
    void forget(String id) {
        censuses.remove(id);
    }

    /**
     * Counts a sandbox's live processes that are not the idle ones (its init and {@code cat}, which run as the
     * idle user: anything of another uid is a command's). Counted as the kernel has them, from the host, which
     * nothing inside can hide from or forge: the container's cgroup when the engine runs on this host (a file
     * read), else the engine's {@code top}. Zombies are dead already and do not count.
     */
    private Census census(Sandbox sandbox) {
        return censuses.computeIfAbsent(sandbox.id(), id -> {
            long init = containers.initPid(id)
                    .orElseThrow(() -> AirlockException.failure("the sandbox " + sandbox.shortId() + " is gone", ""));
            Optional<Path> cgroup = Census.cgroupOf(id, init);
            return cgroup.<Census>map(dir -> () -> Census.count(dir, init))
                    .orElseGet(() -> () -> topCount(sandbox, init));
        });
    }

    private int topCount(Sandbox sandbox, long init) {
        var top = engine.calls().call(() -> engine.client().topContainerCmd(sandbox.id()).withPsArgs("-o uid,pid,stat").exec());
        List<String> titles = List.of(top.getTitles());
        int uid = titles.indexOf("UID");
        int pid = titles.indexOf("PID");
        int stat = titles.indexOf("STAT");
        String[][] rows = top.getProcesses() == null ? new String[0][] : top.getProcesses();
        if (uid < 0 || pid < 0 || stat < 0) {
            throw AirlockException.failure("the engine listed a sandbox's processes without their users", "run airlock doctor");
        }
        String idle = java.util.Arrays.stream(rows).filter(r -> r[pid].trim().equals(String.valueOf(init))).map(r -> r[uid].trim())
                .findFirst().orElseThrow(() -> AirlockException.failure("the sandbox's idle process is gone", ""));
        return (int) java.util.Arrays.stream(rows).filter(r -> !r[uid].trim().equals(idle) && !r[stat].startsWith("Z")).count();
    }

    /** Starts {@link #KILL_ALL} as the command user, without waiting for it. */
    void killAll(Sandbox sandbox) {
        String killer = engine.calls().call(() -> engine.client().execCreateCmd(sandbox.id())
                .withCmd(InSandbox.killAll(sandbox, KILL_ALL))
                .withUser(commandUser(sandbox))
                .exec()).getId();
        engine.calls().call(() -> engine.client().execStartCmd(killer).withDetach(true).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>()));
    }

    /** The user a sandbox's commands run as, recorded in its labels when it was started. */
    static String commandUser(Sandbox sandbox) {
        String user = sandbox.labels().get(DockerRuntime.USER_LABEL);
        if (user == null || !user.matches("[0-9]+:[0-9]+")) {
            throw AirlockException.failure("sandbox " + sandbox.shortId() + " carries no command user label (" + DockerRuntime.USER_LABEL + ")",
                    "it was not started by this version of Airlock: remove it with airlock gc");
        }
        return user;
    }

    /**
     * The idle process's user: {@code nobody}, or the uid below it when commands run as {@code nobody}. Any
     * other uid than the commands' does: with no capabilities, they can neither signal nor trace it.
     */
    static String idleUser(String commandUser) {
        return commandUser.startsWith("65534:") ? "65533:65533" : "65534:65534";
    }
}
