/**
 * Runs sandboxes: turns a {@link dev.airlock.runtime.ContainerSpec} into a container and runs commands in it,
 * streaming their output. Knows nothing of modes, profiles or approvals; {@code runtime.docker} is the one
 * implementation and the only code that imports docker-java.
 */
package dev.airlock.runtime;
