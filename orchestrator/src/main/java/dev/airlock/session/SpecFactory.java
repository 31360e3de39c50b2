package dev.airlock.session;

import dev.airlock.profile.NetworkMode;
import dev.airlock.profile.Profile;
import dev.airlock.runtime.ContainerSpec;
import dev.airlock.runtime.Helper;
import dev.airlock.runtime.Mount;
import dev.airlock.runtime.Network;
import dev.airlock.runtime.Resources;
import dev.airlock.runtime.Tmpfs;
import dev.airlock.scope.WorkspaceScan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a profile into a container spec for one workspace and user: pure, no I/O. What the host shows the
 * sandbox is decided here and nowhere else: the workspace, the identity files, the environment names the
 * profile lists.
 */
public final class SpecFactory {

    public static final String WORKDIR = "/workspace";
    public static final String HOME = "/home/airlock";
    public static final String USER = "airlock";
    public static final String SESSION_LABEL = dev.airlock.runtime.Labels.SESSION;
    public static final String PROFILE_LABEL = "dev.airlock.profile";
    public static final String WORKSPACE_LABEL = "dev.airlock.workspace";

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private SpecFactory() {
    }

    /** Where the egress proxy's socket folder is mounted, and where the relay inside listens. */
    public static final String EGRESS_DIR = "/run/airlock";
    static final String PROXY = "127.0.0.1:3128";
    /** {@code /dev/shm}: the engine's usual 64 MiB when the workspace is writable, 1 MiB (locks, semaphores) when not. */
    static final long SHM_WRITABLE = 64L << 20;
    static final long SHM_READ_ONLY = 1L << 20;

    public static ContainerSpec spec(Profile profile, Workspace workspace, WorkspaceScan scan, Identity identity,
                                     StateDir.RunFiles files, Map<String, String> hostEnv, List<String> passEnv,
                                     SessionId session) {
        return spec(profile, workspace, scan, identity, files, hostEnv, passEnv, session, java.util.Optional.empty(), Map.of());
    }

    /**
     * @param egressDir for an allowlisted profile, the host folder holding the egress proxy's socket: mounted
     *                  read-only at {@code /run/airlock}, with a relay inside on {@code 127.0.0.1:3128}
     * @param caches    the profile's cache folders (in the sandbox's home) and the workspace's host folders for them
     */
    public static ContainerSpec spec(Profile profile, Workspace workspace, WorkspaceScan scan, Identity identity,
                                     StateDir.RunFiles files, Map<String, String> hostEnv, List<String> passEnv,
                                     SessionId session, java.util.Optional<java.nio.file.Path> egressDir,
                                     Map<String, java.nio.file.Path> caches) {
        List<Mount> mounts = new ArrayList<>();
        boolean writable = profile.workspace().writable();
        mounts.add(new Mount(workspace.root(), WORKDIR, !writable));
        mounts.add(new Mount(files.passwd(), "/etc/passwd", true));
        mounts.add(new Mount(files.group(), "/etc/group", true));
        // Airlock's own idle process, launcher and relay: the image needs none of cat, sh or socat
        mounts.add(new Mount(files.helper(), Helper.PATH, true));
        // the user's git user.name and user.email, and nothing else of their git config (GitIdentity)
        files.gitIdentity().ifPresent(f -> mounts.add(new Mount(f, GitIdentity.INSIDE, true)));
        if (writable) {
            // a pinned entry is a mount point, so the sandbox cannot rename or remove it (EBUSY): a renamed .git
            // would carry its read-only config and hooks away and leave an unprotected repository in its place
            for (String path : scan.pinned()) {
                String rel = strip(path);
                mounts.add(new Mount(workspace.root().resolve(rel), WORKDIR + "/" + rel, false));
            }
            // protected paths stay read-only: a hook or config planted here would run on the host later
            for (String path : scan.protect()) {
                String rel = strip(path);
                mounts.add(new Mount(workspace.root().resolve(rel), WORKDIR + "/" + rel, true));
            }
        }
        for (String path : scan.masked()) {
            boolean dir = path.endsWith("/");
            mounts.add(new Mount(dir ? files.emptyDir() : files.emptyFile(), WORKDIR + "/" + strip(path), true));
        }

        caches.forEach((inside, host) -> mounts.add(new Mount(host, inside, false)));
        boolean allowlisted = profile.network() == NetworkMode.ALLOWLISTED;
        if (allowlisted) {
            mounts.add(new Mount(egressDir.orElseThrow(() -> new IllegalArgumentException("an allowlisted profile needs the egress socket")),
                    EGRESS_DIR, true));
        }
        long memory = profile.limits().memoryBytes();
        List<Tmpfs> tmpfs = List.of(
                new Tmpfs("/tmp", memory, 0, 0, "1777"),
                new Tmpfs(HOME, memory, identity.uid(), identity.gid(), "0700"),
                // shared memory follows the workspace: a read-only profile keeps only room for semaphores
                Tmpfs.shm(writable ? Math.min(SHM_WRITABLE, memory) : SHM_READ_ONLY));

        return new ContainerSpec(
                profile.image(),
                profile.ociRuntime(),
                identity.user(),
                WORKDIR,
                mounts,
                tmpfs,
                // the container's own environment is fixed and host-free; each command gets its own (execEnv)
                files.gitIdentity().isPresent()
                        ? Map.of("PATH", PATH, "HOME", HOME, "LANG", "C.UTF-8", "GIT_CONFIG_SYSTEM", GitIdentity.INSIDE)
                        : Map.of("PATH", PATH, "HOME", HOME, "LANG", "C.UTF-8"),
                profile.network() == NetworkMode.OPEN ? new Network.Open(profile.privateRanges()) : Network.NONE,
                profile.capabilities(),
                new Resources(profile.limits().cpus(), memory, profile.limits().pids()),
                Map.of(SESSION_LABEL, session.value(), PROFILE_LABEL, profile.name(), WORKSPACE_LABEL, workspace.key()),
                // the relay to the proxy is the command's own (relayed): the idle process runs as a user of its own
                Helper.idle());
    }

    /**
     * A command of an allowlisted profile, behind its own relay: TCP on loopback ({@code 127.0.0.1:3128}, the
     * container's only way out) to the proxy socket {@code socket} in the egress folder, which is the command's
     * alone, so the proxy knows whose every connection is. The relay (Airlock's helper) listens before the
     * command starts, and it ends with the command.
     */
    public static List<String> relayed(String socket, List<String> argv) {
        return Helper.relay(socket, argv);
    }

    /**
     * A command's environment: a fixed base, the host variables the profile or the caller names, and for an
     * allowlisted profile the settings that send common tools' traffic to the relay. Nothing else of the host.
     */
    public static Map<String, String> execEnv(Profile profile, Identity identity, Map<String, String> hostEnv,
                                              List<String> passEnv) {
        Map<String, String> env = environment(profile, identity, hostEnv, passEnv);
        return profile.network() == NetworkMode.ALLOWLISTED ? withProxy(env) : env;
    }

    /** The settings that make common tools send their traffic to the relay: curl, git, pip, npm, Node, Java. */
    static Map<String, String> withProxy(Map<String, String> base) {
        Map<String, String> env = new LinkedHashMap<>(base);
        String http = "http://" + PROXY;
        for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
            env.put(name, http);
        }
        env.put("ALL_PROXY", "socks5h://" + PROXY);
        env.put("all_proxy", "socks5h://" + PROXY);
        env.put("NO_PROXY", "localhost,127.0.0.1");
        env.put("no_proxy", "localhost,127.0.0.1");
        env.put("npm_config_proxy", http);
        env.put("npm_config_https_proxy", http);
        env.put("NODE_USE_ENV_PROXY", "1");
        env.put("JAVA_TOOL_OPTIONS", "-Dhttp.proxyHost=127.0.0.1 -Dhttp.proxyPort=3128 -Dhttps.proxyHost=127.0.0.1 "
                + "-Dhttps.proxyPort=3128 -Dhttp.nonProxyHosts=localhost|127.0.0.1");
        env.put("GIT_SSH_COMMAND", "ssh -o ProxyCommand='" + Helper.sshProxyCommand() + "'");
        return env;
    }

    private static String strip(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A fixed base, then only the host variables the profile or the caller names; nothing else of the host passes. */
    static Map<String, String> environment(Profile profile, Identity identity, Map<String, String> hostEnv,
                                           List<String> passEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", HOME);
        env.put("USER", identity.uid() == 0 ? "root" : USER);
        env.put("LOGNAME", env.get("USER"));
        env.put("SHELL", "/bin/bash");
        env.put("LANG", "C.UTF-8");
        for (String name : java.util.stream.Stream.concat(profile.env().stream(), passEnv.stream()).toList()) {
            String value = hostEnv.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }
}
