package dev.airlock.runtime.docker;

import com.github.dockerjava.api.DockerClient;

/** One engine as the runtime's parts reach it: its API (docker-java), its raw streams, and the call wrapper. */
record Engine(DockerClient client, EngineSocket socket, EngineCalls calls) {
}
