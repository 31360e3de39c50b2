/**
 * Runs sandboxes: turns a {@link dev.airlock.runtime.ContainerSpec} into a container and runs commands in it,
 * streaming their output, and checks that a container's mounts are what its spec asked for, over the
 * workspace as it is when the container is used ({@link dev.airlock.runtime.MountGuard}). Knows nothing of modes, profiles or approvals; {@code runtime.docker} is the one
 * implementation and the only code that imports docker-java.
 */
package dev.airlock.runtime;
