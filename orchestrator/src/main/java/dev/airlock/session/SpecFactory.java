package dev.airlock.session;

import dev.airlock.profile.NetworkMode;
import dev.airlock.profile.Profile;
import dev.airlock.runtime.ContainerSpec;
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
    public static final String SESSION_LABEL = "dev.airlock.session";
    public static final String PROFILE_LABEL = "dev.airlock.profile";

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private SpecFactory() {
    }

    public static ContainerSpec spec(Profile profile, Workspace workspace, WorkspaceScan scan, Identity identity,
                                     StateDir.RunFiles files, Map<String, String> hostEnv, List<String> passEnv,
                                     SessionId session) {
        List<Mount> mounts = new ArrayList<>();
        boolean writable = profile.workspace().writable();
        mounts.add(new Mount(workspace.root(), WORKDIR, !writable));
        mounts.add(new Mount(files.passwd(), "/etc/passwd", true));
        mounts.add(new Mount(files.group(), "/etc/group", true));
        if (writable) {
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

        long memory = profile.limits().memoryBytes();
        List<Tmpfs> tmpfs = List.of(
                new Tmpfs("/tmp", memory, 0, 0, "1777"),
                new Tmpfs(HOME, memory, identity.uid(), identity.gid(), "0700"));

        return new ContainerSpec(
                profile.image(),
                profile.ociRuntime(),
                identity.user(),
                WORKDIR,
                mounts,
                tmpfs,
                environment(profile, identity, hostEnv, passEnv),
                profile.network() == NetworkMode.OPEN ? Network.BRIDGE : Network.NONE,
                profile.capabilities(),
                new Resources(profile.limits().cpus(), memory, profile.limits().pids()),
                Map.of(SESSION_LABEL, session.value(), PROFILE_LABEL, profile.name()));
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
