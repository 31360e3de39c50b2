package dev.airlock.runtime;

import java.util.List;

/** What the engine says about itself, for {@code airlock doctor}. */
public record EngineStatus(String version, String apiVersion, String os, String kernel, String cgroupVersion,
                           List<String> securityOptions, List<String> runtimes) {

    public EngineStatus {
        securityOptions = List.copyOf(securityOptions);
        runtimes = List.copyOf(runtimes);
    }
}
