package dev.airlock.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the runtime needs to create one sandbox container, already decided: the runtime adds nothing
 * of its own but the hardening every container gets (all capabilities dropped but {@code capAdd},
 * {@code no-new-privileges}, read-only root, never privileged, no host namespaces).
 *
 * @param image      image reference
 * @param ociRuntime an OCI runtime such as {@code runsc}; empty for the engine's default
 * @param user       {@code uid:gid} commands run as (the idle process runs as another user, out of their reach)
 * @param workdir    working directory of commands
 * @param mounts     bind mounts, in order (later ones may cover parts of earlier ones)
 * @param tmpfs      tmpfs mounts ({@code /tmp}, the home folder)
 * @param env        environment of the container's processes
 * @param network    the network
 * @param capAdd     capabilities added back after dropping all
 * @param resources  cgroup limits
 * @param labels     engine labels, used to find and remove what Airlock made
 * @param init       the container's idle process; it must end when its stdin ends (the runtime holds that
 *                   stdin, so a dead Airlock takes its containers with it), e.g. {@code cat}
 */
public record ContainerSpec(
        String image,
        Optional<String> ociRuntime,
        String user,
        String workdir,
        List<Mount> mounts,
        List<Tmpfs> tmpfs,
        Map<String, String> env,
        Network network,
        List<String> capAdd,
        Resources resources,
        Map<String, String> labels,
        List<String> init) {

    public ContainerSpec {
        Objects.requireNonNull(image);
        Objects.requireNonNull(ociRuntime);
        Objects.requireNonNull(user);
        Objects.requireNonNull(workdir);
        Objects.requireNonNull(network);
        Objects.requireNonNull(resources);
        mounts = List.copyOf(mounts);
        tmpfs = List.copyOf(tmpfs);
        env = Map.copyOf(env);
        capAdd = List.copyOf(capAdd);
        labels = Map.copyOf(labels);
        init = List.copyOf(init);
        if (init.isEmpty()) {
            throw new IllegalArgumentException("a container needs an idle process");
        }
    }

    /** The same spec with other labels. */
    public ContainerSpec withLabels(Map<String, String> newLabels) {
        return new ContainerSpec(image, ociRuntime, user, workdir, mounts, tmpfs, env, network, capAdd, resources, newLabels, init);
    }
}
