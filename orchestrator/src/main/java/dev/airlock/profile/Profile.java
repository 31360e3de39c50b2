package dev.airlock.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container profile as loaded and validated from {@code profiles/NAME.json}: what a sandboxed command may
 * touch (workspace, network, capabilities), how much it may use, and what it is shown of the host.
 *
 * @param name           the profile's name (its file name without {@code .json})
 * @param description    one line for people
 * @param image          the sandbox image
 * @param ociRuntime     an OCI runtime such as {@code runsc}; empty means the engine's default
 * @param workspace      how {@code /workspace} is mounted
 * @param network        the network the container gets
 * @param domains        domains the egress proxy lets through without asking (allowlisted network only)
 * @param capabilities   Linux capabilities added back after dropping all (normally none)
 * @param limits         resource limits
 * @param env            names of host environment variables passed in (values are taken at run time)
 * @param maskedPaths    workspace paths (globs) whose files read empty or absent inside the sandbox
 * @param protectedPaths workspace paths kept read-only even when the workspace is writable
 * @param pinnedPaths    workspace paths (folders or files) that stay writable but cannot be moved or removed
 *                       while a command runs ({@code .git}: a renamed repository would take its protected
 *                       config and hooks along and leave an unprotected one in its place)
 * @param hostToolPaths  workspace paths that host tools load and run (agent, editor, direnv, hook managers):
 *                       read-only when present, and one a command creates is removed after it
 * @param caches         folders of the sandbox's home (package managers' and build tools' caches) kept per
 *                       workspace between commands, never seeded from the host
 * @param privateRanges  IPv4 ranges (CIDR) an open-network sandbox may reach although they are private,
 *                       link-local or the host's own (all of which it cannot reach otherwise)
 */
public record Profile(
        String name,
        String description,
        String image,
        Optional<String> ociRuntime,
        WorkspaceAccess workspace,
        NetworkMode network,
        List<String> domains,
        List<String> capabilities,
        Limits limits,
        List<String> env,
        List<String> maskedPaths,
        List<String> protectedPaths,
        List<String> pinnedPaths,
        List<String> hostToolPaths,
        List<String> caches,
        List<String> privateRanges) {

    public Profile {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Objects.requireNonNull(image);
        Objects.requireNonNull(ociRuntime);
        Objects.requireNonNull(workspace);
        Objects.requireNonNull(network);
        Objects.requireNonNull(limits);
        domains = List.copyOf(domains);
        capabilities = List.copyOf(capabilities);
        env = List.copyOf(env);
        maskedPaths = List.copyOf(maskedPaths);
        protectedPaths = List.copyOf(protectedPaths);
        pinnedPaths = List.copyOf(pinnedPaths);
        hostToolPaths = List.copyOf(hostToolPaths);
        caches = List.copyOf(caches);
        privateRanges = List.copyOf(privateRanges);
    }

    /** The same profile on another image (the workspace's own): everything else, the hardening too, stays. */
    public Profile withImage(String other) {
        return new Profile(name, description, other, ociRuntime, workspace, network, domains, capabilities, limits, env,
                maskedPaths, protectedPaths, pinnedPaths, hostToolPaths, caches, privateRanges);
    }

    /** Everything kept read-only in a writable workspace: the protected paths and the host tools' files. */
    public List<String> readOnlyPaths() {
        List<String> all = new java.util.ArrayList<>(protectedPaths);
        hostToolPaths.stream().filter(p -> !all.contains(p)).forEach(all::add);
        return List.copyOf(all);
    }
}
