/**
 * The Docker implementation of {@link dev.airlock.runtime.SandboxRuntime}: docker-java for the engine's
 * control calls, and a few raw hijacked connections where docker-java cannot serve (half-closing stdin,
 * holding a container's life to Airlock's). The only package that knows Docker.
 */
package dev.airlock.runtime.docker;
